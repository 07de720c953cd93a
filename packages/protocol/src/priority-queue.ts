/**
 * A binary max-heap: the highest priority first, and among equal priorities the first pushed
 * (FIFO), so equal callers are served in arrival order. Entries can be removed from anywhere
 * (a request that timed out or hung up while waiting).
 */

export interface QueueEntry<T> {
  readonly value: T;
  readonly priority: number;
  /** Arrival order, for FIFO among equal priorities. */
  readonly seq: number;
}

export class PriorityQueue<T> {
  readonly #heap: QueueEntry<T>[] = [];
  readonly #index = new Map<QueueEntry<T>, number>();
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(value: T, priority: number): QueueEntry<T> {
    const entry: QueueEntry<T> = { value, priority, seq: this.#seq++ };
    this.#heap.push(entry);
    this.#index.set(entry, this.#heap.length - 1);
    this.#siftUp(this.#heap.length - 1);
    return entry;
  }

  pop(): QueueEntry<T> | undefined {
    const top = this.#heap[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  /** False when the entry is no longer queued. */
  remove(entry: QueueEntry<T>): boolean {
    const at = this.#index.get(entry);
    if (at === undefined) return false;
    this.#index.delete(entry);
    const last = this.#heap.pop() as QueueEntry<T>;
    if (at < this.#heap.length) {
      this.#heap[at] = last;
      this.#index.set(last, at);
      this.#siftDown(this.#siftUp(at));
    }
    return true;
  }

  /** The entry served last: lowest priority, latest arrival. Linear; used only when full. */
  lowest(): QueueEntry<T> | undefined {
    let lowest: QueueEntry<T> | undefined;
    for (const entry of this.#heap) {
      if (lowest === undefined || before(lowest, entry)) lowest = entry;
    }
    return lowest;
  }

  /** Empties the queue, returning what was in it in service order. */
  drain(): QueueEntry<T>[] {
    const out: QueueEntry<T>[] = [];
    for (let entry = this.pop(); entry !== undefined; entry = this.pop()) out.push(entry);
    return out;
  }

  #siftUp(start: number): number {
    let at = start;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(this.#at(at), this.#at(parent))) break;
      this.#swap(at, parent);
      at = parent;
    }
    return at;
  }

  #siftDown(start: number): void {
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let best = at;
      if (left < this.#heap.length && before(this.#at(left), this.#at(best))) best = left;
      if (right < this.#heap.length && before(this.#at(right), this.#at(best))) best = right;
      if (best === at) return;
      this.#swap(at, best);
      at = best;
    }
  }

  #at(i: number): QueueEntry<T> {
    return this.#heap[i] as QueueEntry<T>;
  }

  #swap(i: number, j: number): void {
    const a = this.#at(i);
    const b = this.#at(j);
    this.#heap[i] = b;
    this.#heap[j] = a;
    this.#index.set(b, i);
    this.#index.set(a, j);
  }
}

/** Whether `a` is served before `b`. */
function before<T>(a: QueueEntry<T>, b: QueueEntry<T>): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
}
