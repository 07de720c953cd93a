import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DB_FILE } from '../node/chain-node';
import { toWire } from '../rpc/wire';
import { ChainStore } from '../store/chain-store';
import { StoreError } from '../store/errors';
import { allRows } from '../store/records';
import { replayChain } from '../store/replay';

export const USAGE = `Usage: subnetkit-state-dump --base-path DIR [--block N] [--key PREFIX] [--pretty]

Prints a chain node's state records as one JSON document:
  {"block": N, "hash": "0x…", "records": {"<key>": value, …}}
Rao amounts (and every other bigint) are decimal strings; maps are objects.
Opens the database read-only, so it is safe to run while the node runs.

  --base-path DIR   the node's base path (the directory holding ${DB_FILE})
  --block N         the state after block N, rebuilt by replaying blocks 1…N from the
                    genesis (each must reproduce its stored hash); default: the last block
  --key PREFIX      only records whose key starts with PREFIX: global, root, account:,
                    stake:, owner:, take:, subnet:, neuron:<netuid>: or a full key
  --pretty          indent the output
  -h, --help        show this help

Exit codes: 0 ok, 1 no chain at the base path or no such block, 2 bad usage.`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

interface DumpArgs {
  basePath: string;
  block: number | undefined;
  key: string;
  pretty: boolean;
}

class UsageError extends Error {}

function parse(argv: string[]): DumpArgs | 'help' {
  let values: ReturnType<typeof parseDumpArgs>['values'];
  try {
    values = parseDumpArgs(argv).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  if (!values['base-path']) throw new UsageError('--base-path DIR is required');
  let block: number | undefined;
  if (values.block !== undefined) {
    block = Number(values.block);
    if (!/^\d+$/.test(values.block) || !Number.isSafeInteger(block)) {
      throw new UsageError(`--block takes a block number, got "${values.block}"`);
    }
  }
  return { basePath: values['base-path'], block, key: values.key ?? '', pretty: values.pretty ?? false };
}

function parseDumpArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      'base-path': { type: 'string' },
      block: { type: 'string' },
      key: { type: 'string' },
      pretty: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

function dump(args: DumpArgs): string {
  const store = ChainStore.open(join(args.basePath, DB_FILE), { readonly: true });
  try {
    const state = args.block === undefined ? store.loadState() : replayChain(store, { to: args.block });
    const records: Record<string, unknown> = {};
    for (const row of allRows(state)) if (row.key.startsWith(args.key)) records[row.key] = row.value;
    // The RPC's JSON: bigint as a decimal string, Map as an object.
    const json = toWire({ block: state.block, hash: state.headHash, records });
    return JSON.stringify(json, null, args.pretty ? 2 : undefined);
  } finally {
    store.close();
  }
}

export function main(argv: string[], io: CliIo = processIo): number {
  let args: DumpArgs | 'help';
  try {
    args = parse(argv);
  } catch (err) {
    io.stderr(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    io.stdout(`${dump(args)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    io.stderr(`${err.message}\n`);
    return 1;
  }
}
