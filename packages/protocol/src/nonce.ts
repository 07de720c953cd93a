/**
 * Nonces: the dendrite's nanosecond timestamps and the axon's replay defence
 * (reference/bittensor-sdk.md §1.6), without the Python axon's holes: every nonce (not only a
 * key's first) must fall in the window `now − 4 s − timeout < nonce ≤ now + 4 s`, future nonces
 * are refused, and the per-`hotkey:uuid` memory is bounded.
 *
 * Per key we keep the highest nonces seen (the last `reorderDepth`) and a floor below which
 * everything is refused. A nonce is accepted when it is above the floor and not among those kept:
 * every nonce ever accepted is either kept or at most the floor, so a replay is always caught,
 * while requests of one dendrite that overtake each other on parallel connections are not
 * refused as the strictly monotonic Python check refuses them. `reorderDepth: 0` is that strict
 * check. Pure: the clock is injected.
 */

/** Nanoseconds since the Unix epoch. */
export type NanoClock = () => bigint;

/** `time.time_ns()`: wall-clock nanoseconds (millisecond resolution in Node). */
export const wallClockNs: NanoClock = () => BigInt(Date.now()) * 1_000_000n;

/** bittensor's `ALLOWED_DELTA`: 4 s of clock skew and transit on top of the request timeout. */
export const ALLOWED_DELTA_NS = 4_000_000_000n;

const NS_PER_SECOND = 1_000_000_000;

/** A dendrite's nonces: the clock, but strictly increasing even within one millisecond. */
export class NonceSource {
  #last = 0n;

  constructor(private readonly clock: NanoClock = wallClockNs) {}

  next(): bigint {
    const now = this.clock();
    this.#last = now > this.#last ? now : this.#last + 1n;
    return this.#last;
  }
}

export interface NonceGuardOptions {
  clock?: NanoClock;
  /** Allowed age on top of the timeout, and allowed lead into the future. Default 4 s. */
  allowedDeltaNs?: bigint;
  /** Largest timeout (seconds) a request may claim; the window never grows past it. */
  maxTimeoutSeconds: number;
  /**
   * Nonces kept per key, so requests may arrive this far out of order. Default 256. Nonces that
   * left every window are dropped too, so memory is bounded by the accepted request rate times the
   * window (and by `maxKeys` × depth), whatever the depth.
   */
  reorderDepth?: number;
  /** Keys (`hotkey:uuid`) remembered. Default 100 000. */
  maxKeys?: number;
}

export type NonceVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

interface KeyState {
  /** Accepted nonces above the floor, ascending, at most `reorderDepth` of them. */
  kept: bigint[];
  /** Every nonce at or below it is refused. */
  floor: bigint;
}

export class NonceGuard {
  readonly #clock: NanoClock;
  readonly #allowedDelta: bigint;
  readonly #maxTimeoutNs: bigint;
  readonly #reorderDepth: number;
  readonly #maxKeys: number;
  /** Least recently accepted first. */
  readonly #keys = new Map<string, KeyState>();
  /** The highest nonce of any key forgotten before it expired: new keys start above it. */
  #evictedFloor = -1n;

  constructor(options: NonceGuardOptions) {
    this.#clock = options.clock ?? wallClockNs;
    this.#allowedDelta = options.allowedDeltaNs ?? ALLOWED_DELTA_NS;
    this.#maxTimeoutNs = secondsToNs(options.maxTimeoutSeconds);
    this.#reorderDepth = Math.max(0, options.reorderDepth ?? 256);
    this.#maxKeys = Math.max(1, options.maxKeys ?? 100_000);
  }

  /** Keys remembered now. */
  get size(): number {
    return this.#keys.size;
  }

  /** Whether `nonce` may be accepted for `key`; changes nothing (see `commit`). */
  check(key: string, nonce: bigint, timeoutSeconds: number): NonceVerdict {
    const now = this.#clock();
    const timeoutNs = minBigint(secondsToNs(timeoutSeconds), this.#maxTimeoutNs);
    const oldest = now - this.#allowedDelta - timeoutNs;
    if (nonce <= oldest) {
      const age = Number(now - nonce) / NS_PER_SECOND;
      const allowed = Number(this.#allowedDelta + timeoutNs) / NS_PER_SECOND;
      return refuse(
        `Nonce is too old: acceptable delta is ${allowed.toFixed(2)} seconds but request was ${age.toFixed(2)} seconds old`,
      );
    }
    if (nonce > now + this.#allowedDelta) {
      const lead = Number(nonce - now) / NS_PER_SECOND;
      const allowed = Number(this.#allowedDelta) / NS_PER_SECOND;
      return refuse(
        `Nonce is in the future: acceptable lead is ${allowed.toFixed(2)} seconds but request was ${lead.toFixed(2)} seconds ahead`,
      );
    }
    const state = this.#keys.get(key);
    const floor = state?.floor ?? this.#evictedFloor;
    if (nonce <= floor) return refuse('Nonce is too old, a newer one was last processed');
    if (state && binarySearch(state.kept, nonce) >= 0) return refuse('Nonce was already used');
    return ACCEPT;
  }

  /** Records an accepted nonce; call it only after `check` passed and the signature verified. */
  commit(key: string, nonce: bigint): void {
    const state = this.#keys.get(key) ?? { kept: [], floor: this.#evictedFloor };
    this.#keys.delete(key);
    this.#keys.set(key, state);
    const at = binarySearch(state.kept, nonce);
    if (at < 0) state.kept.splice(~at, 0, nonce);
    const expired = this.#expiredBefore();
    while (
      state.kept.length > this.#reorderDepth ||
      (state.kept.length > 1 && (state.kept[0] as bigint) <= expired)
    ) {
      const dropped = state.kept.shift() ?? state.floor;
      if (dropped > state.floor) state.floor = dropped;
    }
    this.#prune(expired);
  }

  /** Nonces at or below this are outside every window: the clock minus 4 s and the largest timeout. */
  #expiredBefore(): bigint {
    return this.#clock() - this.#allowedDelta - this.#maxTimeoutNs;
  }

  /** Drops keys whose every nonce is outside any window (safe), then the least recent (floor). */
  #prune(expired: bigint): void {
    for (const [key, state] of this.#keys) {
      if (highestOf(state) > expired) break;
      this.#keys.delete(key);
    }
    for (const [key, state] of this.#keys) {
      if (this.#keys.size <= this.#maxKeys) break;
      this.#keys.delete(key);
      const highest = highestOf(state);
      if (highest > this.#evictedFloor) this.#evictedFloor = highest;
    }
  }
}

const ACCEPT: NonceVerdict = { ok: true };

function refuse(reason: string): NonceVerdict {
  return { ok: false, reason };
}

function highestOf(state: KeyState): bigint {
  return state.kept.at(-1) ?? state.floor;
}

function secondsToNs(seconds: number): bigint {
  return BigInt(Math.round(seconds * NS_PER_SECOND));
}

function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** Index of `value` in ascending `sorted`, or `~insertionPoint` when absent. */
function binarySearch(sorted: readonly bigint[], value: bigint): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const probe = sorted[mid] as bigint;
    if (probe < value) low = mid + 1;
    else if (probe > value) high = mid - 1;
    else return mid;
  }
  return ~low;
}
