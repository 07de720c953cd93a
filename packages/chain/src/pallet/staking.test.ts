import { beforeEach, describe, expect, it } from 'vitest';
import { TestChain } from '../testing';

const TAO = 1_000_000_000n;
let chain: TestChain;
const alice = () => TestChain.key('Alice');
const bob = () => TestChain.key('Bob');
const hotA = () => TestChain.key('Alice/hot');

beforeEach(async () => {
  chain = await TestChain.create();
  chain.submit(alice(), { call: 'register_network', hotkey: hotA().ss58Address });
});

describe('stake', () => {
  it('moves rao from a coldkey onto a hotkey and back, nominators included', () => {
    chain.submit(alice(), { call: 'add_stake', hotkey: hotA().ss58Address, amount: 10n * TAO });
    const events = chain.submit(bob(), { call: 'add_stake', hotkey: hotA().ss58Address, amount: 5n * TAO });
    expect(events[0]).toMatchObject({ type: 'StakeAdded', coldkey: bob().ss58Address, amount: 5n * TAO });
    const stakes = chain.state.stake.get(hotA().ss58Address)!;
    expect([...stakes.entries()]).toEqual([
      [alice().ss58Address, 10n * TAO],
      [bob().ss58Address, 5n * TAO],
    ]);
    const free = chain.state.accounts.get(bob().ss58Address)!.free;
    chain.submit(bob(), { call: 'remove_stake', hotkey: hotA().ss58Address, amount: 5n * TAO });
    expect(chain.state.accounts.get(bob().ss58Address)!.free).toBe(free + 5n * TAO);
    expect(stakes.has(bob().ss58Address)).toBe(false);
  });

  it.each([
    [
      'HotKeyAccountNotExists',
      () => ({ call: 'add_stake' as const, hotkey: TestChain.key('Nobody').ss58Address, amount: TAO }),
    ],
    [
      'InsufficientBalance',
      () => ({ call: 'add_stake' as const, hotkey: hotA().ss58Address, amount: 10n ** 20n }),
    ],
    ['ZeroAmount', () => ({ call: 'add_stake' as const, hotkey: hotA().ss58Address, amount: 0n })],
    [
      'NotEnoughStakeToWithdraw',
      () => ({ call: 'remove_stake' as const, hotkey: hotA().ss58Address, amount: TAO }),
    ],
  ])('rejects %s and changes nothing but the nonce', (code, call) => {
    expect(chain.rejectionOf(bob(), call())).toBe(code);
  });

  it('lets only the hotkey owner set its take, up to 18%', () => {
    expect(
      chain.submit(alice(), { call: 'set_take', hotkey: hotA().ss58Address, take: 6553 })[0],
    ).toMatchObject({ type: 'TakeSet' });
    expect(chain.state.takes.get(hotA().ss58Address)).toBe(6553);
    expect(
      chain.failure(chain.submit(bob(), { call: 'set_take', hotkey: hotA().ss58Address, take: 0 })),
    ).toBe('NonAssociatedColdKey');
    expect(
      chain.failure(chain.submit(alice(), { call: 'set_take', hotkey: hotA().ss58Address, take: 20000 })),
    ).toBe('InvalidTake');
  });
});
