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
  ])('rejects %s and changes nothing but the nonce', (code, call) => {
    expect(chain.rejectionOf(alice(), call())).toBe(code);
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

  it('leaves a stale-nonce extrinsic out, and holds a future nonce until it is reached', () => {
    const call = { call: 'transfer' as const, dest: bob().ss58Address, amount: TAO };
    chain.queue(alice(), call, 1); // future: waits
    const events = chain.block();
    expect(events.some((e) => e.type === 'Transfer')).toBe(false);
    chain.queue(alice(), call, 0);
    const next = chain.block();
    expect(next.filter((e) => e.type === 'Transfer')).toHaveLength(2);
    const stale = chain.queue(alice(), call, 0);
    const last = chain.block();
    expect(last.some((e) => e.type === 'ExtrinsicFailed' || e.type === 'Transfer')).toBe(false);
    expect(chain.blocks.at(-1)!.extrinsics).toHaveLength(0);
    expect(chain.stale).toEqual([stale]);
    expect(chain.state.accounts.get(alice().ss58Address)!.nonce).toBe(2);
  });
});

describe('nonces of failed extrinsics', () => {
  it('bump the nonce of a failed extrinsic, so the signer’s next one is included after it', () => {
    const poor = TestChain.key('Poor');
    chain.submit(alice(), { call: 'transfer', dest: poor.ss58Address, amount: TAO });
    // Poor's nonce 0 fails (it cannot pay 5 TAO); nonce 1, pooled in the same block, still applies.
    chain.queue(poor, { call: 'transfer', dest: bob().ss58Address, amount: 5n * TAO });
    chain.queue(poor, { call: 'transfer', dest: bob().ss58Address, amount: TAO / 2n });
    const events = chain.block();
    expect(events.filter((e) => e.type.startsWith('Extrinsic')).map((e) => e.type)).toEqual([
      'ExtrinsicFailed',
      'ExtrinsicSuccess',
    ]);
    expect(chain.failure(events)).toBe('InsufficientBalance');
    expect(chain.blocks.at(-1)!.extrinsics.map((e) => e.nonce)).toEqual([0, 1]);
    expect(chain.state.accounts.get(poor.ss58Address)).toEqual({ free: TAO / 2n, nonce: 2 });
  });

  it('bump it across blocks too, and a stale copy of the failed one is never included', () => {
    const call = { call: 'transfer' as const, dest: alice().ss58Address, amount: 1n };
    const failed = chain.queue(alice(), call, 0); // TransferToSelf
    chain.block();
    expect(chain.state.accounts.get(alice().ss58Address)!.nonce).toBe(1);
    chain.queue(alice(), { call: 'transfer', dest: bob().ss58Address, amount: 1n }, 0);
    chain.block();
    expect(chain.blocks.at(-1)!.extrinsics).toHaveLength(0);
    expect(chain.stale).toHaveLength(1);
    expect(chain.stale).not.toContain(failed);
    expect(chain.state.accounts.get(alice().ss58Address)!.nonce).toBe(1);
  });

  it('keep the supply invariant: a failed call moves no rao', () => {
    chain.queue(alice(), { call: 'transfer', dest: bob().ss58Address, amount: DEV_BALANCE * 2n });
    chain.block(); // block() checks the supply after every block
    expect(chain.state.accounts.get(alice().ss58Address)).toEqual({ free: DEV_BALANCE, nonce: 1 });
  });
});
