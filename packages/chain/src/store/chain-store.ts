import type { EpochMode } from '@subnetkit/consensus';
import Database from 'better-sqlite3';
import type { Block, BlockHeader, ProducedBlock } from '../block';
import { decodeRecord, encodeRecord } from '../codec';
import { rootWeightsPolicy } from '../coinbase/shares';
import type { ChainEvent } from '../events';
import { hashOf, type SignedExtrinsic } from '../extrinsic';
import type { ChainState } from '../state';
import { StoreError } from './errors';
import { allRows, dirtyRows, type StateRow, stateFromRows } from './records';
import { checkSchemaVersion, migrate, schemaVersion } from './schema';

/** What decides a chain's history besides its genesis: replays and restarts must use the same. */
export interface ChainParams {
  /** Arithmetic of the epochs. */
  mode: EpochMode;
  /** Name of the subnet emission policy. */
  policy: string;
}

/** The chain's own rules: exact (I32F32) epochs and the root-weights emission policy. */
export const DEFAULT_CHAIN_PARAMS: Readonly<ChainParams> = { mode: 'exact', policy: rootWeightsPolicy.name };

export interface ChainStoreOptions {
  /** Open an existing database for reading only (works while a node writes to it). */
  readonly?: boolean;
}

interface BlockRow {
  number: number;
  hash: string;
  header: string;
  extrinsics: string;
  events: string;
}

/** Every statement the store runs, prepared once per connection. */
function statements(db: Database.Database) {
  return {
    meta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    putMeta: db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?)'),
    head: db.prepare<[], BlockRow>(`SELECT ${BLOCK_COLUMNS} FROM blocks ORDER BY number DESC LIMIT 1`),
    blockByNumber: db.prepare<[number], BlockRow>(`SELECT ${BLOCK_COLUMNS} FROM blocks WHERE number = ?`),
    blockByHash: db.prepare<[string], BlockRow>(`SELECT ${BLOCK_COLUMNS} FROM blocks WHERE hash = ?`),
    blocks: db.prepare<[number, number], BlockRow>(
      `SELECT ${BLOCK_COLUMNS} FROM blocks WHERE number BETWEEN ? AND ? ORDER BY number`,
    ),
    insertBlock: db.prepare<[number, string, string, string, string, string]>(
      'INSERT INTO blocks (number, hash, parent_hash, header, extrinsics, events) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    records: db.prepare<[number, string], { key: string; value: string }>(
      'SELECT key, value FROM state WHERE substr(key, 1, ?) = ? ORDER BY rowid',
    ),
    upsert: db.prepare<[string, string]>(
      'INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    remove: db.prepare<[string]>('DELETE FROM state WHERE key = ?'),
  };
}

const ZERO_HASH = `0x${'00'.repeat(32)}`;
const BLOCK_COLUMNS = 'number, hash, header, extrinsics, events';

function toBlock(row: BlockRow): Block {
  return {
    hash: row.hash,
    header: decodeRecord<BlockHeader>(row.header),
    extrinsics: decodeRecord<SignedExtrinsic[]>(row.extrinsics),
    events: decodeRecord<ChainEvent[]>(row.events),
  };
}

/**
 * The chain on disk: one SQLite file in WAL mode holding every block and the current state as
 * records. A block and exactly the records it changed are written in one transaction, so after a
 * crash the database holds the state of the last committed block and nothing of the next.
 */
export class ChainStore {
  readonly #db: Database.Database;
  readonly #sql: ReturnType<typeof statements>;

  private constructor(
    readonly path: string,
    db: Database.Database,
  ) {
    this.#db = db;
    this.#sql = statements(db);
  }

  /**
   * Opens (and creates, unless read-only) the database at `path`. Writers use WAL with
   * `synchronous = FULL`: each block's commit is fsynced, so not even a power cut loses a block
   * that was reported committed; one fsync per block costs ~ms against a 12 s block time.
   */
  static open(path: string, options: ChainStoreOptions = {}): ChainStore {
    const readonly = options.readonly ?? false;
    let db: Database.Database;
    try {
      db = new Database(path, { readonly, fileMustExist: readonly });
    } catch (err) {
      throw new StoreError(
        'NotInitialized',
        `cannot open the chain database ${path} (${(err as Error).message}); start a node with this base path first`,
      );
    }
    try {
      if (readonly) {
        const version = schemaVersion(db);
        if (version === 0) throw new StoreError('NotInitialized', `${path} holds no chain database`);
        checkSchemaVersion(version, path);
      } else {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        migrate(db, path);
      }
      return new ChainStore(path, db);
    } catch (err) {
      db.close();
      if ((err as { code?: unknown }).code === 'SQLITE_NOTADB') {
        throw new StoreError(
          'NotADatabase',
          `${path} is not a SQLite database; give the base path of a chain node`,
        );
      }
      throw err;
    }
  }

  get readonly(): boolean {
    return this.#db.readonly;
  }

  #meta<T>(key: string): T | undefined {
    const row = this.#sql.meta.get(key);
    return row && decodeRecord<T>(row.value);
  }

  /** The genesis hash the store was initialized with; null before `initialize`. */
  get genesisHash(): string | null {
    return this.#meta<string>('genesis_hash') ?? null;
  }

  /** The parameters the chain was created with. */
  get params(): ChainParams {
    return this.#meta<ChainParams>('params') ?? this.#notInitialized();
  }

  #notInitialized(): never {
    throw new StoreError(
      'NotInitialized',
      `${this.path} holds no chain yet; a node initializes it with its genesis on first start`,
    );
  }

  /**
   * Writes the genesis state as block 0, or checks that the store already holds this chain.
   * Returns true when it created the chain. Block 0's hash is the genesis hash (a hash of the
   * genesis config, not of a header).
   */
  initialize(genesis: ChainState, params: ChainParams = DEFAULT_CHAIN_PARAMS): boolean {
    const stored = this.genesisHash;
    if (stored !== null) {
      if (stored !== genesis.genesisHash) {
        throw new StoreError(
          'GenesisMismatch',
          `${this.path} holds chain ${stored}, but genesis ${genesis.genesisHash} was requested; ` +
            'use another base path for another chain, or delete this one to start over',
        );
      }
      const have = this.params;
      if (have.mode !== params.mode || have.policy !== params.policy) {
        throw new StoreError(
          'ParamsMismatch',
          `${this.path} was created with epoch mode ${have.mode} and emission policy ${have.policy}, ` +
            `not ${params.mode} and ${params.policy}; restart with the chain's own parameters`,
        );
      }
      return false;
    }
    if (genesis.block !== 0) {
      throw new StoreError('StateMismatch', `a genesis state is at block 0, this one is at ${genesis.block}`);
    }
    const header: BlockHeader = {
      number: 0,
      parentHash: ZERO_HASH,
      extrinsicsRoot: hashOf(''),
      timestamp: 0,
    };
    this.#db.transaction(() => {
      this.#sql.putMeta.run('genesis_hash', encodeRecord(genesis.genesisHash));
      this.#sql.putMeta.run('genesis_state', encodeRecord(genesis));
      this.#sql.putMeta.run('params', encodeRecord(params));
      this.#insertBlock({ hash: genesis.genesisHash, header, extrinsics: [], events: [] });
      this.#writeRows(allRows(genesis));
    })();
    return true;
  }

  #insertBlock(block: Block): void {
    this.#sql.insertBlock.run(
      block.header.number,
      block.hash,
      block.header.parentHash,
      encodeRecord(block.header),
      encodeRecord(block.extrinsics),
      encodeRecord(block.events),
    );
  }

  #writeRows(rows: StateRow[]): void {
    for (const { key, value } of rows) {
      if (value === undefined) this.#sql.remove.run(key);
      else this.#sql.upsert.run(key, encodeRecord(value));
    }
  }

  /**
   * Writes a produced block and the records it changed, read from `state` (the state the block
   * left), in one transaction. Refuses a block that does not follow the stored head.
   */
  commitBlock(produced: ProducedBlock, state: ChainState): void {
    const { block, dirty } = produced;
    if (state.block !== block.header.number || state.headHash !== block.hash) {
      throw new StoreError(
        'StateMismatch',
        `block ${block.header.number} (${block.hash}) was committed with the state of block ${state.block} (${state.headHash}); pass the state the block was produced on`,
      );
    }
    const rows = dirtyRows(state, dirty);
    this.#db.transaction(() => {
      const head = this.#sql.head.get();
      if (!head) this.#notInitialized();
      if (head.number + 1 !== block.header.number || head.hash !== block.header.parentHash) {
        throw new StoreError(
          'NotNextBlock',
          `block ${block.header.number} with parent ${block.header.parentHash} does not follow the stored head ` +
            `${head.number} (${head.hash}); is another node writing to ${this.path}?`,
        );
      }
      this.#insertBlock(block);
      this.#writeRows(rows);
    })();
  }

  /**
   * The current state: the records as the last committed block left them. Read in one transaction,
   * so a reader beside a running node never mixes two blocks.
   */
  loadState(): ChainState {
    return this.#db.transaction(() => this.#loadState())();
  }

  #loadState(): ChainState {
    const head = this.head();
    const state = stateFromRows(this.records());
    if (state.block !== head.header.number || state.headHash !== head.hash) {
      throw new StoreError(
        'CorruptState',
        `the state records are at block ${state.block} but the last block is ${head.header.number}`,
      );
    }
    return state;
  }

  /** The state records in first-write order, optionally only those whose key starts with `prefix`. */
  *records(prefix = ''): Generator<StateRow> {
    for (const row of this.#sql.records.iterate(prefix.length, prefix))
      yield { key: row.key, value: decodeRecord(row.value) };
  }

  /** The genesis state, as `initialize` wrote it. */
  genesisState(): ChainState {
    return this.#meta<ChainState>('genesis_state') ?? this.#notInitialized();
  }

  /** The last committed block (block 0 right after `initialize`). */
  head(): Block {
    const row = this.#sql.head.get();
    if (!row) this.#notInitialized();
    return toBlock(row);
  }

  /** A block by number or by hash; null when there is none. */
  block(numberOrHash: number | string): Block | null {
    const row =
      typeof numberOrHash === 'number'
        ? this.#sql.blockByNumber.get(numberOrHash)
        : this.#sql.blockByHash.get(numberOrHash);
    return row ? toBlock(row) : null;
  }

  /** Blocks `from`…`to` (inclusive) that exist, in order. */
  blocksRange(from: number, to: number): Block[] {
    return [...this.blocks(from, to)];
  }

  /**
   * Streams blocks `from`…`to` (inclusive) in order, without holding them all in memory. The
   * connection is busy until the iteration ends: call nothing else on the store meanwhile.
   */
  *blocks(from = 0, to = Number.MAX_SAFE_INTEGER): Generator<Block> {
    for (const row of this.#sql.blocks.iterate(from, to)) yield toBlock(row);
  }

  /** Closes the database; WAL content is checkpointed into the main file. Idempotent. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
