/**
 * A batching queue: concurrent requests are gathered, up to `maxBatchSize` items or until the
 * oldest has waited `maxWaitMs`, and run as one batch — one batched forward instead of many
 * small ones. Batches run one at a time (a model already uses every core for one forward);
 * requests that arrive meanwhile gather into the next. Items with different `key`s (say,
 * generation options) never share a batch. I/O-free: the runner does the work.
 */

export interface BatchQueueOptions<I, O> {
  /** Runs one batch; must return one output per input, in order. */
  run: (items: I[]) => Promise<O[]>;
  maxBatchSize: number;
  /** How long the first item of a batch may wait for company. 0 takes whatever is queued now. */
  maxWaitMs: number;
  /** Items of one batch share a key; default: all items share one. */
  key?: (item: I) => string;
  /** For tests; default the real timers. */
  timers?: { setTimeout: (fn: () => void, ms: number) => unknown; clearTimeout: (handle: unknown) => void };
}

interface Pending<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

interface Group<I, O> {
  key: string;
  items: Array<Pending<I, O>>;
  /** Waited long enough, or full: runs when the runner is free. */
  ready: boolean;
  timer: unknown;
}

export interface BatchStats {
  batches: number;
  items: number;
  largestBatch: number;
}

export class BatchQueue<I, O> {
  private readonly groups: Array<Group<I, O>> = [];
  private running = false;
  private readonly timers: NonNullable<BatchQueueOptions<I, O>['timers']>;
  readonly stats: BatchStats = { batches: 0, items: 0, largestBatch: 0 };

  constructor(private readonly options: BatchQueueOptions<I, O>) {
    if (!Number.isInteger(options.maxBatchSize) || options.maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be a positive integer, got ${options.maxBatchSize}`);
    }
    if (!(options.maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be ≥ 0, got ${options.maxWaitMs}`);
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
  }

  /** Queues one item; resolves with its own output when its batch has run. */
  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const key = this.options.key?.(item) ?? '';
      let group = this.groups.find(
        (candidate) => candidate.key === key && candidate.items.length < this.options.maxBatchSize,
      );
      if (group === undefined) {
        group = { key, items: [], ready: false, timer: undefined };
        this.groups.push(group);
        const created = group;
        created.timer = this.timers.setTimeout(() => this.markReady(created), this.options.maxWaitMs);
      }
      group.items.push({ item, resolve, reject });
      if (group.items.length >= this.options.maxBatchSize) this.markReady(group);
    });
  }

  /** Items waiting, not counting a batch that is running. */
  get pending(): number {
    return this.groups.reduce((sum, group) => sum + group.items.length, 0);
  }

  private markReady(group: Group<I, O>): void {
    if (group.ready) return;
    group.ready = true;
    this.timers.clearTimeout(group.timer);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.groups.findIndex((group) => group.ready);
        if (index === -1) return;
        const [group] = this.groups.splice(index, 1);
        await this.runBatch(group!.items);
      }
    } finally {
      this.running = false;
    }
  }

  private async runBatch(batch: Array<Pending<I, O>>): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    try {
      const outputs = await this.options.run(batch.map((pending) => pending.item));
      if (outputs.length !== batch.length) {
        throw new Error(`batch runner returned ${outputs.length} outputs for ${batch.length} inputs`);
      }
      batch.forEach((pending, i) => {
        pending.resolve(outputs[i]!);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
