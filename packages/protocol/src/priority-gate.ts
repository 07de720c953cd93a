/**
 * At most `concurrency` holders at once; the others wait in a `PriorityQueue` and are let in
 * highest priority first. This is `axon.max_workers` made real: in the Python axon the priority
 * only labels a thread-pool task and orders nothing (reference/bittensor-sdk.md §2). The dendrite
 * uses it too, with equal priorities, as its concurrency limit. No timers: waiting ends through the
 * caller's `AbortSignal`.
 */
import { PriorityQueue, type QueueEntry } from './priority-queue';

export type GateRejectionCode =
  /** The waiting line is full and the newcomer does not outrank anyone in it. */
  | 'QueueFull'
  /** Pushed out of a full line by a higher-priority newcomer. */
  | 'Shed'
  /** The gate was closed (the axon is shutting down). */
  | 'Closed';

export class GateRejection extends Error {
  override readonly name = 'GateRejection';

  constructor(
    readonly code: GateRejectionCode,
    message: string,
  ) {
    super(message);
  }
}

/** A held slot; `release` is idempotent. */
export interface Lease {
  release(): void;
}

export interface PriorityGateOptions {
  concurrency: number;
  /** Waiting callers allowed; beyond it the lowest priority is turned away. Default unbounded. */
  maxWaiting?: number;
}

interface Waiter {
  resolve(lease: Lease): void;
  reject(reason: unknown): void;
  detach(): void;
}

export class PriorityGate {
  readonly #concurrency: number;
  readonly #maxWaiting: number;
  readonly #queue = new PriorityQueue<Waiter>();
  #running = 0;
  #closed = false;

  constructor(options: PriorityGateOptions) {
    this.#concurrency = Math.max(1, Math.floor(options.concurrency));
    this.#maxWaiting = options.maxWaiting ?? Number.POSITIVE_INFINITY;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#queue.size;
  }

  get concurrency(): number {
    return this.#concurrency;
  }

  /** Resolves with a lease once a slot is free and no higher priority is waiting. */
  acquire(priority = 0, signal?: AbortSignal): Promise<Lease> {
    if (this.#closed) return Promise.reject(new GateRejection('Closed', 'The gate is closed.'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#running < this.#concurrency && this.#queue.size === 0) {
      this.#running++;
      return Promise.resolve(this.#lease());
    }
    if (this.#queue.size >= this.#maxWaiting && !this.#shedLowerThan(priority)) {
      return Promise.reject(
        new GateRejection('QueueFull', `${this.#queue.size} requests are already waiting; try again later.`),
      );
    }
    return new Promise<Lease>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#queue.remove(entry)) reject(signal?.reason);
      };
      const waiter: Waiter = {
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      const entry: QueueEntry<Waiter> = this.#queue.push(waiter, priority);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Turns every waiter away and refuses new ones; current holders keep their slots. */
  close(): void {
    this.#closed = true;
    for (const { value } of this.#queue.drain()) {
      value.detach();
      value.reject(new GateRejection('Closed', 'The gate is closed.'));
    }
  }

  #shedLowerThan(priority: number): boolean {
    const lowest = this.#queue.lowest();
    if (lowest === undefined || lowest.priority >= priority) return false;
    this.#queue.remove(lowest);
    lowest.value.detach();
    lowest.value.reject(new GateRejection('Shed', 'Pushed out of the waiting line by a higher priority.'));
    return true;
  }

  #lease(): Lease {
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.#running--;
        this.#dispatch();
      },
    };
  }

  #dispatch(): void {
    while (this.#running < this.#concurrency) {
      const next = this.#queue.pop();
      if (next === undefined) return;
      next.value.detach();
      this.#running++;
      next.value.resolve(this.#lease());
    }
  }
}
