import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord } from '../codec';
import { genesisState } from '../genesis';
import { DEFAULT_HYPERPARAMETERS } from '../hyperparameters';
import { type ChainState, emptyNeuronOutputs, type Neuron, type Subnet } from '../state';
import { StoreError } from './errors';
import { allRows, dirtyRows, type StateRow, stateFromRows } from './records';

/** Rows as the store hands them back: through the storage text. */
const stored = (rows: StateRow[]) =>
  rows.map(({ key, value }) => ({ key, value: decodeRecord(encodeRecord(value)) }));

function neuron(uid: number): Neuron {
  return {
    uid,
    hotkey: `hot${uid}`,
    coldkey: 'cold',
    registeredAt: 1,
    lastUpdate: 1,
    weights: [[0, 65535]],
    bonds: [],
    axon: null,
    ...emptyNeuronOutputs(),
  };
}

function subnet(netuid: number, n: number): Subnet {
  return {
    netuid,
    ownerColdkey: 'cold',
    ownerHotkey: 'hot0',
    registeredAt: 1,
    hyper: { ...DEFAULT_HYPERPARAMETERS },
    neurons: Array.from({ length: n }, (_, uid) => neuron(uid)),
    burn: 1_000_000_000n,
    registrationsThisBlock: 0,
    registrationsThisInterval: 0,
    lastAdjustmentBlock: 1,
    pending: { server: 1n, validator: 2n, owner: 3n },
    lastEpochBlock: 0,
  };
}

/** A state whose maps are not in key order, with every kind of record. */
function sampleState(): ChainState {
  const state = genesisState({
    chainId: 'records',
    dev: false,
    balances: [
      ['zed', 5n],
      ['amy', 7n],
    ],
  });
  state.accounts.set('bob', { free: 1n, nonce: 3 });
  state.stake.set('hot9', new Map([['zed', 4n]]));
  state.stake.set('hot1', new Map());
  state.hotkeyOwner.set('hot1', 'amy');
  state.hotkeyOwner.set('hot9', 'zed');
  state.takes.set('hot9', 100);
  state.subnets.set(19, subnet(19, 3));
  state.subnets.set(1, subnet(1, 1));
  state.root.members.push('hot9');
  state.root.weights.set('hot9', [[1, 65535]]);
  return state;
}

describe('state records', () => {
  it('round-trip a state exactly, map order included', () => {
    const state = sampleState();
    const back = stateFromRows(stored(allRows(state)));
    expect(encodeRecord(back)).toBe(encodeRecord(state));
    expect([...back.accounts.keys()]).toEqual(['zed', 'amy', 'bob']);
    expect([...back.subnets.keys()]).toEqual([19, 1]);
  });

  it('expand a dirty stake key to stake, owner and take rows, each map in its own order', () => {
    const state = sampleState();
    const rows = dirtyRows(state, ['stake:hot9', 'stake:hot1', 'account:bob', 'account:zed', 'global']);
    expect(rows.map((r) => r.key)).toEqual([
      'global',
      'account:zed',
      'account:bob',
      'stake:hot9',
      'stake:hot1',
      'owner:hot1',
      'owner:hot9',
      'take:hot9',
      'take:hot1', // no take: a delete, which leaves nothing to delete
    ]);
  });

  it('delete the rows of what is gone', () => {
    const state = sampleState();
    state.subnets.get(19)!.neurons.pop();
    expect(dirtyRows(state, ['neuron:19:2', 'stake:hot1'])).toEqual([
      { key: 'stake:hot1', value: new Map() },
      { key: 'owner:hot1', value: 'amy' },
      { key: 'take:hot1', value: undefined },
      { key: 'neuron:19:2', value: undefined },
    ]);
  });

  it('refuse a dirty key of an unknown kind', () => {
    expect(() => dirtyRows(sampleState(), ['weights:1'])).toThrowError(
      expect.objectContaining({ code: 'UnknownRecord' }),
    );
  });

  it('refuse rows with a missing neuron', () => {
    const rows = stored(allRows(sampleState())).filter((r) => r.key !== 'neuron:19:1');
    const attempt = () => stateFromRows(rows);
    expect(attempt).toThrowError(StoreError);
    expect(attempt).toThrowError(/subnet 19 has no neuron at uid 1/);
  });
});
