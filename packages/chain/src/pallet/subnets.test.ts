import { beforeEach, describe, expect, it } from 'vitest';
import { TestChain } from '../testing';

const TAO = 1_000_000_000n;
let chain: TestChain;
const alice = () => TestChain.key('Alice');
const bob = () => TestChain.key('Bob');
const hot = (name: string) => TestChain.key(`${name}/hot`);

beforeEach(async () => {
  chain = await TestChain.create();
});

describe('register_network', () => {
  it('creates the next free netuid, charges and recycles the lock cost, and gives the owner hotkey uid 0', () => {
    const before = chain.state.accounts.get(alice().ss58Address)!.free;
    const events = chain.submit(alice(), { call: 'register_network', hotkey: hot('Alice').ss58Address });
    const registered = events.find((e) => e.type === 'NetworkRegistered');
    expect(registered).toMatchObject({ netuid: 1, owner: alice().ss58Address, lockCost: 100n * TAO });
    expect(chain.state.accounts.get(alice().ss58Address)!.free).toBe(before - 100n * TAO);
    expect(chain.state.recycled).toBe(100n * TAO);
    const subnet = chain.state.subnets.get(1)!;
    expect(subnet.neurons.map((n) => n.hotkey)).toEqual([hot('Alice').ss58Address]);
    expect(subnet.hyper.tempo).toBe(360);
    expect(subnet.hyper.yuma3).toBe(true);
  });

  it('doubles the lock cost for the next registration, then lets it decay', () => {
    chain.submit(alice(), { call: 'register_network', hotkey: hot('Alice').ss58Address });
    const second = chain.submit(bob(), { call: 'register_network', hotkey: hot('Bob').ss58Address });
    // One block later: 2 · 100 TAO minus 100 TAO / 100 800 blocks · 1 block.
    const expected = 200n * TAO - (100n * TAO) / 100_800n;
    expect(second.find((e) => e.type === 'NetworkRegistered')).toMatchObject({
      netuid: 2,
      lockCost: expected,
    });
  });

  it('takes a chosen netuid on a dev chain only, and never one that is taken', async () => {
    expect(
      chain.submit(alice(), { call: 'register_network', hotkey: hot('Alice').ss58Address, netuid: 19 }).at(0),
    ).toMatchObject({ type: 'NetworkRegistered', netuid: 19 });
    expect(
      chain.failure(
        chain.submit(bob(), { call: 'register_network', hotkey: hot('Bob').ss58Address, netuid: 19 }),
      ),
    ).toBe('NetuidTaken');
    const prod = await TestChain.create({ dev: false, chainId: 'prod-like' });
    prod.state.accounts.set(alice().ss58Address, { free: 10_000n * TAO, nonce: 0 });
    const { outcome } = prod.apply(alice(), {
      call: 'register_network',
      hotkey: hot('Alice').ss58Address,
      netuid: 3,
    });
    expect(outcome.ok ? undefined : outcome.error.code).toBe('ChosenNetuidNotAllowed');
  });

  it('refuses a hotkey owned by another coldkey, changing nothing but the nonce', () => {
    chain.submit(alice(), { call: 'register_network', hotkey: hot('Alice').ss58Address });
    expect(chain.rejectionOf(bob(), { call: 'register_network', hotkey: hot('Alice').ss58Address })).toBe(
      'NonAssociatedColdKey',
    );
  });
});

describe('set_hyperparameter', () => {
  beforeEach(() => {
    chain.submit(alice(), { call: 'register_network', hotkey: hot('Alice').ss58Address });
  });

  it('lets the owner change a hyperparameter within bounds', () => {
    const events = chain.submit(alice(), { call: 'set_hyperparameter', netuid: 1, name: 'tempo', value: 20 });
    expect(events[0]).toMatchObject({ type: 'HyperparameterSet', name: 'tempo', value: 20 });
    expect(chain.state.subnets.get(1)!.hyper.tempo).toBe(20);
    chain.submit(alice(), { call: 'set_hyperparameter', netuid: 1, name: 'min_burn', value: 1000n });
    expect(chain.state.subnets.get(1)!.hyper.min_burn).toBe(1000n);
  });

  it.each([
    ['NotSubnetOwner', 'Bob', 'tempo', 20],
    ['HyperparameterOutOfBounds', 'Alice', 'tempo', 0],
    ['HyperparameterOutOfBounds', 'Alice', 'kappa', 70000],
    ['HyperparameterOutOfBounds', 'Alice', 'yuma3', 1],
    ['UnknownHyperparameter', 'Alice', 'tempo_', 20],
    ['HyperparameterOutOfBounds', 'Alice', 'alpha_low', 60000],
  ] as const)('rejects %s (%s sets %s = %s) and changes nothing but the nonce', (code, who, name, value) => {
    expect(
      chain.rejectionOf(TestChain.key(who), {
        call: 'set_hyperparameter',
        netuid: 1,
        name,
        value,
      }),
    ).toBe(code);
  });

  it('names a missing subnet', () => {
    const { outcome } = chain.apply(alice(), {
      call: 'set_hyperparameter',
      netuid: 9,
      name: 'tempo',
      value: 20,
    });
    expect(outcome.ok ? undefined : outcome.error.code).toBe('SubnetNotExists');
  });
});
