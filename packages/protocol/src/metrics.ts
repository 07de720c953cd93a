/**
 * Prometheus metrics of one axon, on a registry of its own (two axons in one process, as in
 * tests and the local network, must not share counters): requests and latency per synapse and
 * status code, and the priority queue's depth.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface AxonMetricsOptions {
  /** Also export Node's process metrics (event-loop lag, heap, GC). Default false. */
  processMetrics?: boolean;
  /** Labels on every series, e.g. `{ hotkey, netuid }`. */
  labels?: Readonly<Record<string, string>>;
  /** Reads the queue at scrape time. */
  queue?: () => { running: number; waiting: number };
}

/** Synapse label of requests to routes that do not exist, so random paths cannot add series. */
export const UNKNOWN_SYNAPSE_LABEL = 'unknown';

export class AxonMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'synapse' | 'status'>;
  readonly #latency: Histogram<'synapse' | 'status'>;

  constructor(options: AxonMetricsOptions = {}) {
    if (options.labels) this.registry.setDefaultLabels({ ...options.labels });
    this.#requests = new Counter({
      name: 'axon_requests_total',
      help: 'Requests answered, by synapse and HTTP status code.',
      labelNames: ['synapse', 'status'],
      registers: [this.registry],
    });
    this.#latency = new Histogram({
      name: 'axon_request_duration_seconds',
      help: 'Time from the request line to the last byte of the response, by synapse and status code.',
      labelNames: ['synapse', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    const queue = options.queue;
    if (queue) {
      new Gauge({
        name: 'axon_queue_running',
        help: 'Requests holding a worker slot (axon.max_workers).',
        registers: [this.registry],
        collect() {
          this.set(queue().running);
        },
      });
      new Gauge({
        name: 'axon_queue_waiting',
        help: 'Verified requests waiting for a worker slot, in priority order.',
        registers: [this.registry],
        collect() {
          this.set(queue().waiting);
        },
      });
    }
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** One finished request; `status` is the HTTP code, or `aborted` when the caller hung up first. */
  observe(synapse: string, status: number | 'aborted', seconds: number): void {
    const labels = { synapse, status: String(status) };
    this.#requests.inc(labels);
    this.#latency.observe(labels, seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
