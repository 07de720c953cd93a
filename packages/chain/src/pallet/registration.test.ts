import { beforeEach, describe, expect, it } from 'vitest';
import { TestChain } from '../testing';

const TAO = 1_000_000_000n;
let chain: TestChain;
const alice = () => TestChain.key('Alice');
const bob = () => TestChain.key('Bob');
const hot = (name: string) => TestChain.key(`${name}/hot`);

function register(coldkey: string, hotkey: string) {
  return chain.submit(TestChain.key(coldkey), {
    call: 'burned_register',
    netuid: 1,
    hotkey: hot(hotkey).ss58Address,
  });
}

beforeEach(async () => {
  chain = await TestChain.create();
  chain.submit(alice(), { call: 'register_network', hotkey: hot('Alice').ss58Address });
});

describe('burned_register', () => {
  it('pays and recycles the burn and appends a uid', () => {
    const recycled = chain.state.recycled;
    const free = chain.state.accounts.get(bob().ss58Address)!.free;
    const events = register('Bob', 'm1');
    expect(events[0]).toMatchObject({
      type: 'NeuronRegistered',
      netuid: 1,
      uid: 1,
      burn: TAO,
      replaced: null,
    });
    expect(chain.state.accounts.get(bob().ss58Address)!.free).toBe(free - TAO);
    expect(chain.state.recycled).toBe(recycled + TAO);
    const neuron = chain.state.subnets.get(1)!.neurons[1]!;
    expect(neuron).toMatchObject({
      hotkey: hot('m1').ss58Address,
      coldkey: bob().ss58Address,
      registeredAt: chain.state.block,
    });
  });

  it.each([
    ['AlreadyRegistered', 1],
    ['NonAssociatedColdKey', 2],
  ])('rejects %s and changes nothing but the nonce', (code, netuid) => {
    chain.submit(bob(), { call: 'register_network', hotkey: hot('Bob').ss58Address });
    // Bob's coldkey tries Alice's owner hotkey: already on subnet 1, and not Bob's to use on subnet 2.
    expect(
      chain.rejectionOf(bob(), {
        call: 'burned_register',
        netuid,
        hotkey: hot('Alice').ss58Address,
      }),
    ).toBe(code);
  });

  it('rejects a coldkey that cannot pay the burn', () => {
    const poor = TestChain.key('Poor');
    chain.submit(alice(), { call: 'transfer', dest: poor.ss58Address, amount: TAO / 2n });
    expect(
      chain.rejectionOf(poor, {
        call: 'burned_register',
        netuid: 1,
        hotkey: hot('p').ss58Address,
      }),
    ).toBe('InsufficientBalance');
  });

  it('limits registrations per block and when closed', () => {
    chain.queue(bob(), { call: 'burned_register', netuid: 1, hotkey: hot('a').ss58Address });
    chain.queue(bob(), { call: 'burned_register', netuid: 1, hotkey: hot('b').ss58Address });
    const events = chain.block();
    expect(events.filter((e) => e.type === 'NeuronRegistered')).toHaveLength(1);
    expect(chain.failure(events)).toBe('TooManyRegistrationsThisBlock');
    chain.submit(alice(), {
      call: 'set_hyperparameter',
      netuid: 1,
      name: 'registration_allowed',
      value: false,
    });
    expect(chain.failure(register('Bob', 'c'))).toBe('RegistrationDisabled');
  });

  it('prunes the lowest-emission uid out of immunity when full, replacing it with a clean slate', () => {
    chain.submit(alice(), { call: 'set_hyperparameter', netuid: 1, name: 'max_allowed_uids', value: 3 });
    chain.submit(alice(), { call: 'set_hyperparameter', netuid: 1, name: 'immunity_period', value: 2 });
    register('Bob', 'm1');
    register('Bob', 'm2');
    const subnet = chain.state.subnets.get(1)!;
    subnet.neurons[1]!.emission = 50n; // as if uid 1 earned more in the last epoch
    subnet.neurons[0]!.weights = [
      [1, 100],
      [2, 65535],
    ];
    chain.block();
    chain.block();
    const events = register('Bob', 'm3');
    expect(events[0]).toMatchObject({ type: 'NeuronRegistered', uid: 2, replaced: hot('m2').ss58Address });
    expect(subnet.neurons[2]).toMatchObject({
      hotkey: hot('m3').ss58Address,
      weights: [],
      bonds: [],
      axon: null,
    });
    // Weights of others to the replaced uid are zeroed (Subtensor's replace_neuron).
    expect(subnet.neurons[0]!.weights).toEqual([
      [1, 100],
      [2, 0],
    ]);
  });

  it('refuses when full and only the owner could be pruned', () => {
    chain.submit(alice(), { call: 'set_hyperparameter', netuid: 1, name: 'max_allowed_uids', value: 1 });
    expect(chain.failure(register('Bob', 'm1'))).toBe('NoNeuronIdAvailable');
  });

  it('moves the burn toward the target registrations per interval', () => {
    chain.submit(alice(), {
      call: 'set_hyperparameter',
      netuid: 1,
      name: 'target_registrations_per_interval',
      value: 1,
    });
    register('Bob', 'm1');
    register('Bob', 'm2');
    register('Bob', 'm3');
    chain.submit(alice(), { call: 'set_hyperparameter', netuid: 1, name: 'adjustment_interval', value: 1 });
    expect(chain.state.subnets.get(1)!.burn).toBe(TAO);
    chain.block();
    // 3 registrations against a target of 1: burn · (3 + 1) / (2 · 1) = 2 TAO.
    expect(chain.state.subnets.get(1)!.burn).toBe(2n * TAO);
    chain.block();
    // None in the next interval: 2 TAO · (0 + 1) / 2.
    expect(chain.state.subnets.get(1)!.burn).toBe(TAO);
  });
});
