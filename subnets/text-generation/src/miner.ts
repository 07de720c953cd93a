/**
 * The miner's side of subnet 1: `TextGeneration` and `TextGenerationStream` answered by a
 * text-generation service — the batched pipeline for a real miner. Who is served and in which
 * order (registered callers, stake priority) is packages/neuron's `BaseMiner`.
 */
import { defineOptions } from '@subnetkit/core';
import { BaseMiner, type BaseMinerOptions } from '@subnetkit/neuron';
import type {
  AnyStreamingSynapse,
  AnyUnarySynapse,
  StreamingHandlers,
  UnaryHandlers,
} from '@subnetkit/protocol';
import {
  TextGeneration,
  type TextGenerationRequest,
  type TextGenerationResponse,
  TextGenerationStream,
} from './protocol';

/** What a miner serves; `TextGenerationPipeline` is one. */
export interface TextGenerationService {
  complete(request: TextGenerationRequest): Promise<TextGenerationResponse>;
  stream(request: TextGenerationRequest, signal?: AbortSignal): AsyncIterable<string>;
}

/** Anything synapses attach to: an `Axon`, or a `BaseMiner` (which adds its blacklist and priority). */
export interface SynapseHost {
  attach<S extends AnyUnarySynapse>(synapse: S, handlers: UnaryHandlers<S>): unknown;
  attach<S extends AnyStreamingSynapse>(synapse: S, handlers: StreamingHandlers<S>): unknown;
}

/** Serves both synapses of the subnet from `service` (before the axon listens). */
export function attachTextGeneration<H extends SynapseHost>(host: H, service: TextGenerationService): H {
  host.attach(TextGeneration, { forward: (input) => service.complete(input) });
  host.attach(TextGenerationStream, { forward: (input, call) => service.stream(input, call.signal) });
  return host;
}

/** The miner's batching flags (`--miner.max_batch_size`, `--miner.max_wait_ms`). */
export const textMinerOptions = defineOptions([
  {
    name: 'miner.max_batch_size',
    type: 'integer',
    default: 8,
    min: 1,
    help: 'Most requests answered by one batched forward.',
  },
  {
    name: 'miner.max_wait_ms',
    type: 'number',
    default: 5,
    min: 0,
    help: 'How long the first request of a batch waits for others to join it, ms.',
  },
]);

export interface TextGenerationMinerOptions extends BaseMinerOptions {
  service: TextGenerationService;
}

/** A `BaseMiner` serving the subnet's synapses from `service`. */
export class TextGenerationMiner extends BaseMiner {
  readonly service: TextGenerationService;

  constructor(options: TextGenerationMinerOptions) {
    super(options);
    this.service = options.service;
    attachTextGeneration(this, options.service);
  }
}
