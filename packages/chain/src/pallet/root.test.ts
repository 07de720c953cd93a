import { beforeEach, describe, expect, it } from 'vitest';
import { rootWeightsPolicy } from '../coinbase/shares';
import { TestChain } from '../testing';

const TAO = 1_000_000_000n;
let chain: TestChain;
const alice = () => TestChain.key('Alice');
const bob = () => TestChain.key('Bob');
const hot = (n: string) => TestChain.key(`${n}/hot`);

beforeEach(async () => {
  chain = await TestChain.create();
  chain.submit(alice(), { call: 'register_network', hotkey: hot('Alice').ss58Address });
  chain.submit(bob(), { call: 'register_network', hotkey: hot('Bob').ss58Address });
});

describe('root network and subnet shares', () => {
  it('shares the block emission equally until a root member sets weights', () => {
    expect([...rootWeightsPolicy.split(chain.state, 1_000_000_001n)]).toEqual([
      [1, 500_000_000n],
      [2, 500_000_000n],
    ]);
  });

  it('shares by stake-weighted root weights once set', () => {
    chain.submit(alice(), { call: 'add_stake', hotkey: hot('Alice').ss58Address, amount: 300n * TAO });
    chain.submit(bob(), { call: 'add_stake', hotkey: hot('Bob').ss58Address, amount: 100n * TAO });
    chain.submit(alice(), { call: 'root_register', hotkey: hot('Alice').ss58Address });
    chain.submit(bob(), { call: 'root_register', hotkey: hot('Bob').ss58Address });
    chain.submit(hot('Alice'), { call: 'set_root_weights', netuids: [1, 2], weights: [3, 1] });
    chain.submit(hot('Bob'), { call: 'set_root_weights', netuids: [2], weights: [1] });
    // subnet 1: 300 · 3/4 = 225; subnet 2: 300 · 1/4 + 100 = 175 (of 400).
    expect([...rootWeightsPolicy.split(chain.state, 400n)]).toEqual([
      [1, 225n],
      [2, 175n],
    ]);
  });

  it('checks root membership and root weights', () => {
    expect(
      chain.failure(chain.submit(hot('Alice'), { call: 'set_root_weights', netuids: [1], weights: [1] })),
    ).toBe('NotRootMember');
    chain.submit(alice(), { call: 'root_register', hotkey: hot('Alice').ss58Address });
    expect(
      chain.failure(chain.submit(alice(), { call: 'root_register', hotkey: hot('Alice').ss58Address })),
    ).toBe('AlreadyRegistered');
    expect(
      chain.failure(
        chain.submit(hot('Alice'), { call: 'set_root_weights', netuids: [1, 1], weights: [1, 2] }),
      ),
    ).toBe('InvalidRootWeights');
    expect(
      chain.failure(chain.submit(hot('Alice'), { call: 'set_root_weights', netuids: [7], weights: [1] })),
    ).toBe('SubnetNotExists');
  });

  it('replaces the smallest root member when full, only for a larger stake', async () => {
    chain.state.root.maxMembers = 1;
    chain.submit(alice(), { call: 'root_register', hotkey: hot('Alice').ss58Address });
    expect(
      chain.failure(chain.submit(bob(), { call: 'root_register', hotkey: hot('Bob').ss58Address })),
    ).toBe('RootMembershipFull');
    chain.submit(bob(), { call: 'add_stake', hotkey: hot('Bob').ss58Address, amount: TAO });
    const events = chain.submit(bob(), { call: 'root_register', hotkey: hot('Bob').ss58Address });
    expect(events[0]).toMatchObject({ type: 'RootRegistered', replaced: hot('Alice').ss58Address });
  });
});
