import { beforeEach, describe, expect, it } from 'vitest';
import { signExtrinsic, verifyExtrinsic } from '../extrinsic';
import { DEV_BALANCE } from '../genesis';
import { TestChain } from '../testing';

const TAO = 1_000_000_000n;
let chain: TestChain;
const alice = () => TestChain.key('Alice');
const bob = () => TestChain.key('Bob');

beforeEach(async () => {
  chain = await TestChain.create();
});

describe('transfer', () => {
  it('moves rao between accounts and bumps the sender nonce', () => {
    const events = chain.submit(alice(), { call: 'transfer', dest: bob().ss58Address, amount: 5n * TAO });
    expect(events.map((e) => e.type)).toEqual(['Transfer', 'ExtrinsicSuccess']);
    expect(chain.state.accounts.get(alice().ss58Address)).toEqual({ free: DEV_BALANCE - 5n * TAO, nonce: 1 });
    expect(chain.state.accounts.get(bob().ss58Address)?.free).toBe(DEV_BALANCE + 5n * TAO);
  });

  it.each([
    [
      'InsufficientBalance',
      () => ({ call: 'transfer' as const, dest: bob().ss58Address, amount: DEV_BALANCE + 1n }),
    ],
    ['ZeroAmount', () => ({ call: 'transfer' as const, dest: bob().ss58Address, amount: 0n })],
    ['TransferToSelf', () => ({ call: 'transfer' as const, dest: alice().ss58Address, amount: 1n })],
  ])('rejects %s and changes nothing, not even the nonce', (code, call) => {
    const before = chain.snapshot();
    const { outcome } = chain.apply(alice(), call());
    expect(outcome.ok ? undefined : outcome.error.code).toBe(code);
    expect(chain.snapshot()).toBe(before);
  });

  it('rejects a replayed extrinsic (stale nonce) and one signed for another chain', async () => {
    const call = { call: 'transfer' as const, dest: bob().ss58Address, amount: TAO };
    const wire = signExtrinsic(call, alice(), 0, chain.state.genesisHash);
    chain.queue(alice(), call);
    chain.block();
    const replay = chain.apply(alice(), call);
    expect(replay.outcome.ok).toBe(true); // a fresh nonce is fine…
    const other = await TestChain.create({ chainId: 'another-chain' });
    expect(() => verifyExtrinsic(wire, other.state.genesisHash)).toThrow(/InvalidSignature/);
    expect(() => verifyExtrinsic({ ...wire, nonce: 7 }, chain.state.genesisHash)).toThrow(/InvalidSignature/);
  });

  it('includes a stale-nonce extrinsic as failed, and holds a future nonce until it is reached', () => {
    const call = { call: 'transfer' as const, dest: bob().ss58Address, amount: TAO };
    chain.queue(alice(), call, 1); // future: waits
    const events = chain.block();
    expect(events.some((e) => e.type === 'Transfer')).toBe(false);
    chain.queue(alice(), call, 0);
    const next = chain.block();
    expect(next.filter((e) => e.type === 'Transfer')).toHaveLength(2);
    chain.queue(alice(), call, 0);
    expect(chain.failure(chain.block())).toBe('StaleNonce');
  });
});
