import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestChain } from '../testing';

const TAO = 1_000_000_000n;
let chain: TestChain;
const alice = () => TestChain.key('Alice');
const bob = () => TestChain.key('Bob');
const hot = (n: string) => TestChain.key(`${n}/hot`);
let v1: ReturnType<typeof hot>;
let m1: ReturnType<typeof hot>;

beforeAll(async () => {
  await TestChain.create();
  v1 = hot('v1');
  m1 = hot('m1');
});

/** Subnet 1: owner uid 0, validator v1 (uid 1, staked, permit after the first epoch), miners uid 2, 3. */
beforeEach(async () => {
  chain = await TestChain.create();
  chain.submit(alice(), { call: 'register_network', hotkey: hot('Alice').ss58Address });
  chain.submit(alice(), { call: 'set_hyperparameter', netuid: 1, name: 'tempo', value: 5 });
  chain.submit(alice(), { call: 'set_hyperparameter', netuid: 1, name: 'weights_rate_limit', value: 2 });
  for (const h of [v1, m1, hot('m2')])
    chain.submit(bob(), { call: 'burned_register', netuid: 1, hotkey: h.ss58Address });
  chain.submit(bob(), { call: 'add_stake', hotkey: v1.ss58Address, amount: 100n * TAO });
  chain.blocksUntil(chain.state.block + 6);
});

const weights = (
  over: Partial<{ netuid: number; uids: number[]; weights: number[]; version_key: number }> = {},
) => ({
  call: 'set_weights' as const,
  netuid: 1,
  uids: [2, 3],
  weights: [100, 300],
  version_key: 0,
  ...over,
});

describe('set_weights', () => {
  it('stores the row max-upscaled to u16 and refreshes last_update', () => {
    expect(chain.state.subnets.get(1)!.neurons[1]!.validatorPermit).toBe(true);
    const events = chain.submit(v1, weights({ uids: [3, 2], weights: [300, 100] }));
    expect(events[0]).toMatchObject({ type: 'WeightsSet', netuid: 1, uid: 1, count: 2 });
    const neuron = chain.state.subnets.get(1)!.neurons[1]!;
    expect(neuron.weights).toEqual([
      [2, 21845],
      [3, 65535],
    ]);
    expect(neuron.lastUpdate).toBe(chain.state.block);
  });

  it.each([
    ['WeightVecNotEqualSize', () => weights({ weights: [1] })],
    ['SubnetNotExists', () => weights({ netuid: 4 })],
    ['DuplicateUids', () => weights({ uids: [2, 2] })],
    ['UidVecContainInvalidOne', () => weights({ uids: [2, 9] })],
  ])('rejects %s and changes nothing but the nonce', (code, call) => {
    expect(chain.rejectionOf(v1, call())).toBe(code);
  });

  it('rejects an unregistered hotkey, and a non-validator unless it only weights itself', () => {
    expect(chain.failure(chain.submit(hot('nobody'), weights()))).toBe('NotRegistered');
    expect(chain.failure(chain.submit(m1, weights({ uids: [1, 3] })))).toBe('NeuronNoValidatorPermit');
    expect(chain.failure(chain.submit(m1, weights({ uids: [2], weights: [1] })))).toBeUndefined();
    expect(chain.state.subnets.get(1)!.neurons[2]!.lastUpdate).toBe(chain.state.block);
  });

  it('enforces the rate limit, the version key, the minimum length and the stake threshold', () => {
    chain.submit(v1, weights());
    expect(chain.failure(chain.submit(v1, weights()))).toBe('SettingWeightsTooFast');
    chain.block();
    chain.submit(alice(), { call: 'set_hyperparameter', netuid: 1, name: 'weights_version', value: 7 });
    expect(chain.failure(chain.submit(v1, weights({ version_key: 6 })))).toBe('IncorrectWeightVersionKey');
    chain.submit(alice(), { call: 'set_hyperparameter', netuid: 1, name: 'min_allowed_weights', value: 3 });
    expect(chain.failure(chain.submit(v1, weights({ version_key: 7 })))).toBe('WeightVecLengthIsLow');
    chain.state.stakeThreshold = 1000n * TAO;
    expect(
      chain.failure(chain.submit(v1, weights({ uids: [0, 2, 3], weights: [1, 1, 1], version_key: 7 }))),
    ).toBe('NotEnoughStakeToSetWeights');
  });
});
