import { describe, expect, it } from 'vitest';
import { NonceGuard, NonceSource } from './nonce';

const S = 1_000_000_000n;
const T0 = 1_732_000_000n * S;

function guard(options: { reorderDepth?: number; maxKeys?: number; maxTimeoutSeconds?: number } = {}) {
  let now = T0;
  const nonces = new NonceGuard({ maxTimeoutSeconds: 60, ...options, clock: () => now });
  return {
    nonces,
    at(time: bigint) {
      now = time;
    },
    /** check + commit, as the verifier does after a valid signature. */
    accept(key: string, nonce: bigint, timeout = 12) {
      const verdict = nonces.check(key, nonce, timeout);
      if (verdict.ok) nonces.commit(key, nonce);
      return verdict;
    },
  };
}

describe('NonceSource', () => {
  it('follows the clock and never repeats within one clock tick', () => {
    let now = T0;
    const source = new NonceSource(() => now);
    expect([source.next(), source.next(), source.next()]).toEqual([T0, T0 + 1n, T0 + 2n]);
    now = T0 + S;
    expect(source.next()).toBe(T0 + S);
    now = T0;
    expect(source.next()).toBe(T0 + S + 1n);
  });
});

describe('NonceGuard window', () => {
  it('accepts nonces within 4 s + timeout in the past and 4 s in the future', () => {
    const g = guard();
    expect(g.accept('a', T0 - 15n * S, 12).ok).toBe(true);
    expect(g.accept('b', T0 + 4n * S).ok).toBe(true);
  });

  it("refuses a stale nonce with Python's message", () => {
    const g = guard();
    expect(g.accept('a', T0 - 16n * S, 12)).toEqual({
      ok: false,
      reason: 'Nonce is too old: acceptable delta is 16.00 seconds but request was 16.00 seconds old',
    });
  });

  it('refuses a future nonce (Python accepts it)', () => {
    const g = guard();
    const verdict = g.accept('a', T0 + 5n * S);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(/^Nonce is in the future: acceptable lead is 4.00 seconds/);
  });

  it('checks the window on every request, not only the first of a key', () => {
    const g = guard();
    expect(g.accept('a', T0).ok).toBe(true);
    g.at(T0 + 100n * S);
    expect(g.accept('a', T0 + 1n).ok).toBe(false);
  });

  it('caps the timeout a caller claims at maxTimeout', () => {
    const g = guard({ maxTimeoutSeconds: 10 });
    expect(g.accept('a', T0 - 13n * S, 3600).ok).toBe(true);
    expect(g.accept('b', T0 - 15n * S, 3600).ok).toBe(false);
  });
});

describe('NonceGuard replay', () => {
  it('refuses a nonce already used', () => {
    const g = guard();
    expect(g.accept('a', T0).ok).toBe(true);
    expect(g.accept('a', T0)).toEqual({ ok: false, reason: 'Nonce was already used' });
    expect(g.accept('other-key', T0).ok).toBe(true);
  });

  it('accepts requests that overtook each other, up to reorderDepth', () => {
    const g = guard({ reorderDepth: 3 });
    for (const n of [5n, 3n, 4n, 1n, 2n]) expect(g.accept('a', T0 + n).ok).toBe(true);
    for (const n of [1n, 2n, 3n, 4n, 5n]) expect(g.accept('a', T0 + n).ok).toBe(false);
  });

  it('refuses what fell out of the kept nonces as too old', () => {
    const g = guard({ reorderDepth: 2 });
    for (const n of [10n, 11n, 12n]) g.accept('a', T0 + n);
    expect(g.accept('a', T0 + 9n)).toEqual({
      ok: false,
      reason: 'Nonce is too old, a newer one was last processed',
    });
    expect(g.accept('a', T0 + 10n).ok).toBe(false);
    expect(g.accept('a', T0 + 13n).ok).toBe(true);
  });

  it('is strictly monotonic with reorderDepth 0, as Python', () => {
    const g = guard({ reorderDepth: 0 });
    expect(g.accept('a', T0 + 2n).ok).toBe(true);
    expect(g.accept('a', T0 + 1n).ok).toBe(false);
    expect(g.accept('a', T0 + 2n).ok).toBe(false);
    expect(g.accept('a', T0 + 3n).ok).toBe(true);
  });
});

describe('NonceGuard memory', () => {
  it('forgets keys whose nonces are outside any window', () => {
    const g = guard({ maxTimeoutSeconds: 10 });
    g.accept('a', T0);
    g.accept('b', T0);
    expect(g.nonces.size).toBe(2);
    g.at(T0 + 20n * S);
    g.accept('c', T0 + 20n * S);
    expect(g.nonces.size).toBe(1);
  });

  it('stays bounded, and a forgotten key cannot replay: new keys start above its nonces', () => {
    const g = guard({ maxKeys: 2 });
    g.accept('a', T0 + 1n);
    g.accept('b', T0 + 2n);
    g.accept('c', T0 + 3n);
    expect(g.nonces.size).toBe(2);
    expect(g.accept('a', T0 + 1n).ok).toBe(false);
    expect(g.accept('d', T0 + 1n).ok).toBe(false);
    expect(g.accept('d', T0 + 4n).ok).toBe(true);
  });
});
