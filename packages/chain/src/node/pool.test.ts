import { describe, expect, it } from 'vitest';
import type { VerifiedExtrinsic } from '../extrinsic';
import { ExtrinsicPool } from './pool';

/** The pool looks only at hash, signer and nonce. */
const ext = (hash: string, signer: string, nonce: number) => ({ hash, signer, nonce }) as VerifiedExtrinsic;

describe('ExtrinsicPool', () => {
  it('counts a signer’s unbroken run of pooled nonces for the next nonce', () => {
    const pool = new ExtrinsicPool();
    pool.add(ext('a', 'alice', 3));
    pool.add(ext('b', 'alice', 4));
    pool.add(ext('c', 'alice', 6));
    expect(pool.nextNonce('alice', 3)).toBe(5);
    expect(pool.nextNonce('alice', 5)).toBe(5);
    expect(pool.nextNonce('bob', 0)).toBe(0);
  });

  it('keeps a nonce counted while any pooled extrinsic still carries it', () => {
    const pool = new ExtrinsicPool();
    pool.add(ext('a', 'alice', 0));
    pool.add(ext('b', 'alice', 0));
    pool.remove(['a']);
    expect(pool.nextNonce('alice', 0)).toBe(1);
    pool.remove(['b', 'unknown']);
    expect(pool.nextNonce('alice', 0)).toBe(0);
    expect(pool.size).toBe(0);
  });

  it('refuses a duplicate and anything past its limit, in arrival order otherwise', () => {
    const pool = new ExtrinsicPool(2);
    pool.add(ext('a', 'alice', 1));
    expect(() => pool.add(ext('a', 'alice', 1))).toThrowError(
      expect.objectContaining({ code: 'AlreadyImported' }),
    );
    pool.add(ext('b', 'bob', 0));
    expect(() => pool.add(ext('c', 'carol', 0))).toThrowError(expect.objectContaining({ code: 'PoolFull' }));
    expect(pool.pending().map((e) => e.hash)).toEqual(['a', 'b']);
    expect(pool.clear().length).toBe(2);
    expect(pool.size).toBe(0);
  });
});
