import { type EpochSnapshot, runEpoch, splitBlockEmission } from '@subnetkit/consensus';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord } from '../codec';
import type { ChainState } from '../state';
import { DEFAULT_TAKE, totalStakeOf } from '../state';
import { TestChain } from '../testing';

const TAO = 1_000_000_000n;
const TEMPO = 10;
const hot = (n: string) => TestChain.key(`${n}/hot`);
const cold = (n: string) => TestChain.key(n);

/** Subnet 1 with the owner (uid 0), two validators (uids 1, 2) and four miners (uids 3–6). */
async function simulation(yuma3: boolean) {
  const chain = await TestChain.create();
  chain.submit(cold('Alice'), { call: 'register_network', hotkey: hot('Alice').ss58Address });
  for (const [name, value] of [
    ['tempo', TEMPO],
    ['weights_rate_limit', 1],
    ['max_registrations_per_block', 8],
    ['yuma3', yuma3],
  ] as const) {
    chain.queue(cold('Alice'), { call: 'set_hyperparameter', netuid: 1, name, value });
  }
  chain.block();
  const validators = [hot('v1'), hot('v2')];
  const miners = ['m1', 'm2', 'm3', 'm4'].map(hot);
  for (const h of [...validators, ...miners])
    chain.queue(cold('Bob'), { call: 'burned_register', netuid: 1, hotkey: h.ss58Address });
  chain.queue(cold('Bob'), { call: 'add_stake', hotkey: validators[0]!.ss58Address, amount: 300n * TAO });
  chain.queue(cold('Bob'), { call: 'add_stake', hotkey: validators[1]!.ss58Address, amount: 100n * TAO });
  chain.queue(cold('Eve'), { call: 'add_stake', hotkey: validators[0]!.ss58Address, amount: 100n * TAO });
  chain.block();
  return { chain, validators, miners };
}

function clone(state: ChainState): ChainState {
  return decodeRecord<ChainState>(encodeRecord(state));
}

/** The epoch input read straight from storage, built here independently of the chain's code. */
function expectedSnapshot(before: ChainState, block: number): EpochSnapshot {
  const subnet = before.subnets.get(1)!;
  const split = splitBlockEmission(1_000_000_000n);
  return {
    n: subnet.neurons.length,
    current_block: block,
    tempo: subnet.hyper.tempo,
    last_mechanism_step_block: subnet.lastEpochBlock,
    activity_cutoff: subnet.hyper.activity_cutoff,
    last_update: subnet.neurons.map((n) => n.lastUpdate),
    block_at_registration: subnet.neurons.map((n) => n.registeredAt),
    stake_alpha: subnet.neurons.map((n) => totalStakeOf(before, n.hotkey)),
    stake_threshold: 0n,
    owner_uid: 0,
    validator_permit: subnet.neurons.map((n) => n.validatorPermit),
    max_allowed_validators: subnet.hyper.max_allowed_validators,
    weights: subnet.neurons.map((n) => n.weights),
    bonds: subnet.neurons.map((n) => n.bonds),
    hyper: { ...subnet.hyper },
    rao_emission: subnet.pending.server + subnet.pending.validator + split.server + split.validator,
  };
}

describe.each([false, true])('multi-tempo simulation (yuma3 = %s)', (yuma3) => {
  let sim: Awaited<ReturnType<typeof simulation>>;
  beforeAll(async () => {
    sim = await simulation(yuma3);
  });

  it('pays exactly what packages/consensus computes, epoch after epoch, and reconciles to the rao', () => {
    const { chain, validators, miners } = sim;
    const minerUids = [3, 4, 5, 6];
    let epochs = 0;
    for (let round = 0; round < 6; round++) {
      // Honest v1 ranks miners 4:3:2:1; v2 disagrees on the last two.
      chain.queue(validators[0]!, {
        call: 'set_weights',
        netuid: 1,
        uids: minerUids,
        weights: [4, 3, 2, 1],
        version_key: 0,
      });
      chain.queue(validators[1]!, {
        call: 'set_weights',
        netuid: 1,
        uids: minerUids,
        weights: [4, 3, 1, 2],
        version_key: 0,
      });
      const subnet = chain.state.subnets.get(1)!;
      chain.blocksUntil((subnet.lastEpochBlock || subnet.registeredAt) + TEMPO - 1);
      const before = clone(chain.state);
      const events = chain.block();
      const run = events.find((e) => e.type === 'EpochRun');
      expect(run, `an epoch at block ${chain.state.block}`).toBeDefined();
      epochs++;
      const expected = runEpoch(expectedSnapshot(before, chain.state.block), 'exact');
      const after = chain.state.subnets.get(1)!;
      expect(after.neurons.map((n) => n.incentive)).toEqual(expected.u16.incentive);
      expect(after.neurons.map((n) => n.dividends)).toEqual(expected.u16.dividends);
      expect(after.neurons.map((n) => n.bonds)).toEqual(expected.new_bonds);
      for (const [k, m] of miners.entries()) {
        const gained = totalStakeOf(chain.state, m.ss58Address) - totalStakeOf(before, m.ss58Address);
        expect(gained).toBe(expected.server_emission[minerUids[k]!]);
      }
      for (const [k, v] of validators.entries()) {
        const gained = totalStakeOf(chain.state, v.ss58Address) - totalStakeOf(before, v.ss58Address);
        expect(gained).toBe(expected.validator_emission[k + 1]);
      }
      const ownerGain =
        chain.state.accounts.get(cold('Alice').ss58Address)!.free -
        before.accounts.get(cold('Alice').ss58Address)!.free;
      expect(ownerGain).toBe(
        before.subnets.get(1)!.pending.owner + splitBlockEmission(1_000_000_000n).ownerCut,
      );
    }
    expect(epochs).toBe(6);
    // After a few tempos the miners are ranked as the stake majority (v1) ranks them.
    const incentive = chain.state.subnets
      .get(1)!
      .neurons.slice(3)
      .map((n) => n.incentive);
    expect(incentive[0]).toBeGreaterThan(incentive[1]!);
    expect(incentive[1]).toBeGreaterThan(incentive[3]!);
  });

  it('shares a validator’s dividends between its owner (take) and its nominators by stake', () => {
    const { chain, validators } = sim;
    const v1 = validators[0]!.ss58Address;
    const before = clone(chain.state);
    chain.blocksUntil(chain.state.subnets.get(1)!.lastEpochBlock + TEMPO);
    const paid = totalStakeOf(chain.state, v1) - totalStakeOf(before, v1);
    expect(paid).toBeGreaterThan(0n);
    const eveBefore = before.stake.get(v1)!.get(cold('Eve').ss58Address)!;
    const bobBefore = before.stake.get(v1)!.get(cold('Bob').ss58Address)!;
    const eveGain = chain.state.stake.get(v1)!.get(cold('Eve').ss58Address)! - eveBefore;
    const take = (paid * BigInt(DEFAULT_TAKE)) / 65535n;
    expect(eveGain).toBe(((paid - take) * eveBefore) / (eveBefore + bobBefore));
  });
});
