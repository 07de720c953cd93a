import { reject } from '../errors';
import type { VerifiedExtrinsic } from '../extrinsic';
import type { AccountId } from '../state';

/** Subtensor nodes keep 8192 ready transactions by default. */
export const DEFAULT_POOL_LIMIT = 8192;

/**
 * Verified extrinsics waiting for a block, in arrival order. An extrinsic stays until a block
 * includes it, so one whose nonce is ahead waits across blocks for the nonces before it.
 */
export class ExtrinsicPool {
  readonly #byHash = new Map<string, VerifiedExtrinsic>();
  /** signer → nonce → how many pooled extrinsics carry it. */
  readonly #nonces = new Map<AccountId, Map<number, number>>();

  constructor(readonly limit = DEFAULT_POOL_LIMIT) {}

  get size(): number {
    return this.#byHash.size;
  }

  has(hash: string): boolean {
    return this.#byHash.has(hash);
  }

  /** Adds an extrinsic; ChainError 'AlreadyImported' or 'PoolFull' when it cannot. */
  add(ext: VerifiedExtrinsic): void {
    if (this.#byHash.has(ext.hash)) {
      reject('AlreadyImported', `extrinsic ${ext.hash} is already in the pool; wait for its block`);
    }
    if (this.#byHash.size >= this.limit) {
      reject(
        'PoolFull',
        `the pool holds its limit of ${this.limit} extrinsics; resubmit after the next block`,
      );
    }
    this.#byHash.set(ext.hash, ext);
    const nonces = this.#nonces.get(ext.signer) ?? new Map<number, number>();
    nonces.set(ext.nonce, (nonces.get(ext.nonce) ?? 0) + 1);
    this.#nonces.set(ext.signer, nonces);
  }

  /** Everything waiting, in arrival order: a block's candidates. */
  pending(): VerifiedExtrinsic[] {
    return [...this.#byHash.values()];
  }

  remove(hashes: Iterable<string>): void {
    for (const hash of hashes) {
      const ext = this.#byHash.get(hash);
      if (!ext) continue;
      this.#byHash.delete(hash);
      const nonces = this.#nonces.get(ext.signer)!;
      const count = nonces.get(ext.nonce)! - 1;
      if (count > 0) nonces.set(ext.nonce, count);
      else nonces.delete(ext.nonce);
      if (nonces.size === 0) this.#nonces.delete(ext.signer);
    }
  }

  /**
   * The nonce to sign with next: the account's nonce, moved past every nonce the signer already
   * has waiting in an unbroken run (Substrate's `system_accountNextIndex`).
   */
  nextNonce(signer: AccountId, accountNonce: number): number {
    const nonces = this.#nonces.get(signer);
    let next = accountNonce;
    while (nonces?.has(next)) next++;
    return next;
  }

  clear(): VerifiedExtrinsic[] {
    const all = this.pending();
    this.#byHash.clear();
    this.#nonces.clear();
    return all;
  }
}
