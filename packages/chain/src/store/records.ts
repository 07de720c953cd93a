import type { Account, AccountId, ChainState, Neuron, RootNetwork, Subnet } from '../state';
import { StoreError } from './errors';

/**
 * The chain state as storage records, one row per key, and back. A block's dirty keys (see
 * Ledger) name what changed; each expands to the rows below. Pure: no database here.
 *
 * | row key            | value                                                              |
 * | ------------------ | ------------------------------------------------------------------ |
 * | `global`           | genesisHash, headHash, block, totalIssuance, recycled, network, stakeThreshold |
 * | `root`             | the root network                                                   |
 * | `account:<addr>`   | one account                                                        |
 * | `stake:<hotkey>`   | coldkey → rao staked on the hotkey (dirty key `stake:` also covers the next two) |
 * | `owner:<hotkey>`   | the coldkey that owns the hotkey                                   |
 * | `take:<hotkey>`    | the hotkey's validator take                                        |
 * | `subnet:<netuid>`  | the subnet with `neurons: []` (each neuron is its own row)         |
 * | `neuron:<netuid>:<uid>` | one neuron                                                    |
 */
export type GlobalRecord = Pick<
  ChainState,
  'genesisHash' | 'headHash' | 'block' | 'totalIssuance' | 'recycled' | 'network' | 'stakeThreshold'
>;

/** A row to write; `value: undefined` deletes the row. */
export interface StateRow {
  key: string;
  value: unknown;
}

const GLOBAL = 'global';
const ROOT = 'root';

function globalRecord(state: ChainState): GlobalRecord {
  const { genesisHash, headHash, block, totalIssuance, recycled, network, stakeThreshold } = state;
  return { genesisHash, headHash, block, totalIssuance, recycled, network, stakeThreshold };
}

/** The subnet without its neurons; the empty array keeps the field's place so a reload is identical. */
function subnetRecord(subnet: Subnet | undefined): Subnet | undefined {
  return subnet && { ...subnet, neurons: [] };
}

function afterPrefix(key: string, prefix: string): string {
  return key.slice(prefix.length);
}

/** Every row of the state, in the order its maps hold their keys: what a new store writes at genesis. */
export function allRows(state: ChainState): StateRow[] {
  const rows: StateRow[] = [
    { key: GLOBAL, value: globalRecord(state) },
    { key: ROOT, value: state.root },
  ];
  for (const [id, account] of state.accounts) rows.push({ key: `account:${id}`, value: account });
  for (const [hotkey, stakes] of state.stake) rows.push({ key: `stake:${hotkey}`, value: stakes });
  for (const [hotkey, owner] of state.hotkeyOwner) rows.push({ key: `owner:${hotkey}`, value: owner });
  for (const [hotkey, take] of state.takes) rows.push({ key: `take:${hotkey}`, value: take });
  for (const subnet of state.subnets.values()) {
    rows.push({ key: `subnet:${subnet.netuid}`, value: subnetRecord(subnet) });
    for (const neuron of subnet.neurons) {
      rows.push({ key: `neuron:${subnet.netuid}:${neuron.uid}`, value: neuron });
    }
  }
  return rows;
}

/** `keys` ordered as `map` holds them (its insertion order), then those no longer in it. */
function inMapOrder<K>(map: Map<K, unknown>, keys: Set<K>): K[] {
  if (keys.size === 0) return [];
  const present: K[] = [];
  for (const k of map.keys()) if (keys.has(k)) present.push(k);
  return present.length === keys.size ? present : [...present, ...[...keys].filter((k) => !map.has(k))];
}

/**
 * The rows behind a block's dirty keys, with their current values. Rows of each map come in the
 * map's own order: the store appends new rows in write order and reloads in that order, so a
 * restarted node iterates its maps exactly as the node that wrote them did.
 */
export function dirtyRows(state: ChainState, dirty: Iterable<string>): StateRow[] {
  const accounts = new Set<AccountId>();
  const hotkeys = new Set<AccountId>();
  const subnets = new Set<number>();
  const neurons: [number, number][] = [];
  const rows: StateRow[] = [];
  for (const key of dirty) {
    if (key === GLOBAL) rows.push({ key, value: globalRecord(state) });
    else if (key === ROOT) rows.push({ key, value: state.root });
    else if (key.startsWith('account:')) accounts.add(afterPrefix(key, 'account:'));
    else if (key.startsWith('stake:')) hotkeys.add(afterPrefix(key, 'stake:'));
    else if (key.startsWith('subnet:')) subnets.add(Number(afterPrefix(key, 'subnet:')));
    else if (key.startsWith('neuron:')) {
      const [netuid, uid] = afterPrefix(key, 'neuron:').split(':').map(Number);
      neurons.push([netuid!, uid!]);
    } else {
      throw new StoreError(
        'UnknownRecord',
        `the ledger changed record "${key}", which the store cannot write; add its kind to store/records.ts`,
      );
    }
  }
  for (const id of inMapOrder(state.accounts, accounts)) {
    rows.push({ key: `account:${id}`, value: state.accounts.get(id) });
  }
  for (const hotkey of inMapOrder(state.stake, hotkeys)) {
    rows.push({ key: `stake:${hotkey}`, value: state.stake.get(hotkey) });
  }
  for (const hotkey of inMapOrder(state.hotkeyOwner, hotkeys)) {
    rows.push({ key: `owner:${hotkey}`, value: state.hotkeyOwner.get(hotkey) });
  }
  for (const hotkey of inMapOrder(state.takes, hotkeys)) {
    rows.push({ key: `take:${hotkey}`, value: state.takes.get(hotkey) });
  }
  for (const netuid of inMapOrder(state.subnets, subnets)) {
    rows.push({ key: `subnet:${netuid}`, value: subnetRecord(state.subnets.get(netuid)) });
  }
  neurons.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [netuid, uid] of neurons) {
    rows.push({ key: `neuron:${netuid}:${uid}`, value: state.subnets.get(netuid)?.neurons[uid] });
  }
  return rows;
}

function corrupt(message: string): never {
  throw new StoreError(
    'CorruptState',
    `${message}; the database was not written by this store or was edited`,
  );
}

/**
 * Rebuilds the chain state from its rows, given in the order they were first written. Neurons are
 * put back into their subnets by uid, which must run 0…n−1 without a gap.
 */
export function stateFromRows(rows: Iterable<StateRow>): ChainState {
  let global: GlobalRecord | undefined;
  let root: RootNetwork | undefined;
  const accounts = new Map<AccountId, Account>();
  const stake = new Map<AccountId, Map<AccountId, bigint>>();
  const hotkeyOwner = new Map<AccountId, AccountId>();
  const takes = new Map<AccountId, number>();
  const subnets = new Map<number, Subnet>();
  const neuronsOf = new Map<number, Neuron[]>();
  for (const { key, value } of rows) {
    const colon = key.indexOf(':');
    const kind = colon < 0 ? key : key.slice(0, colon);
    const id = key.slice(colon + 1);
    switch (kind) {
      case GLOBAL:
        global = value as GlobalRecord;
        break;
      case ROOT:
        root = value as RootNetwork;
        break;
      case 'account':
        accounts.set(id, value as Account);
        break;
      case 'stake':
        stake.set(id, value as Map<AccountId, bigint>);
        break;
      case 'owner':
        hotkeyOwner.set(id, value as AccountId);
        break;
      case 'take':
        takes.set(id, value as number);
        break;
      case 'subnet':
        subnets.set(Number(id), value as Subnet);
        break;
      case 'neuron': {
        const netuid = Number(id.slice(0, id.indexOf(':')));
        const list = neuronsOf.get(netuid) ?? [];
        neuronsOf.set(netuid, list);
        list.push(value as Neuron);
        break;
      }
      default:
        corrupt(`unknown record "${key}"`);
    }
  }
  if (!global || !root) corrupt('the global or root record is missing');
  for (const [netuid, list] of neuronsOf) {
    const subnet = subnets.get(netuid);
    if (!subnet) corrupt(`neurons of subnet ${netuid} exist but the subnet does not`);
    list.sort((a, b) => a.uid - b.uid);
    list.forEach((n, i) => {
      if (n.uid !== i) corrupt(`subnet ${netuid} has no neuron at uid ${i}`);
    });
    subnet.neurons = list;
  }
  // Field for field as genesisState builds it, so a reloaded state encodes to the same text.
  return {
    genesisHash: global.genesisHash,
    headHash: global.headHash,
    block: global.block,
    totalIssuance: global.totalIssuance,
    recycled: global.recycled,
    accounts,
    stake,
    hotkeyOwner,
    takes,
    subnets,
    network: global.network,
    root,
    stakeThreshold: global.stakeThreshold,
  };
}
