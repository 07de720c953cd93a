/**
 * The subnet's model: a `TextGenerator` from packages/inference behind a `BatchQueue`, so that
 * concurrent requests to a miner run as one batched forward per token instead of one forward
 * each. Validators use the same class for their reference answers, so a miner and a validator
 * on the same model turn a request into the same prompt and the same generation options.
 */
import type { Logger } from '@subnetkit/core';
import {
  BatchQueue,
  type BatchStats,
  type DeviceChoice,
  type Dtype,
  type GenerateOptions,
  type Generation,
  type ModelInfo,
  TextGenerator,
  truncateAtStop,
} from '@subnetkit/inference';
import { TextGenerationError } from './errors';
import {
  type ChatMessage,
  DEFAULT_REQUEST_NEW_TOKENS,
  type TextGenerationRequest,
  type TextGenerationResponse,
} from './protocol';

/** Tokens generated per round of a streamed completion; each round is one trip through the queue. */
export const STREAM_ROUND_TOKENS = 8;

const ROLE_LABELS: Readonly<Record<ChatMessage['role'], string>> = {
  system: 'System',
  user: 'User',
  assistant: 'Assistant',
};

/**
 * A chat as one prompt, the one way every miner and validator of this subnet renders it:
 * a line `Role: content` per message (System, User, Assistant), then `Assistant:` for the model
 * to continue. Base models such as GPT-2 have no chat template, and a plain transcript is what
 * they continue best. Generation stops where the model starts the next turn.
 */
export function renderChat(messages: readonly ChatMessage[]): { prompt: string; stop: string[] } {
  const lines = messages.map((message) => `${ROLE_LABELS[message.role]}: ${message.content}`);
  return {
    prompt: `${lines.join('\n')}\n${ROLE_LABELS.assistant}:`,
    stop: Object.values(ROLE_LABELS).map((label) => `\n${label}:`),
  };
}

export interface GenerationInput {
  prompt: string;
  options: GenerateOptions & { maxNewTokens: number };
}

/** The prompt and generation options a request stands for; throws `InvalidRequest` if it has none. */
export function generationInput(request: TextGenerationRequest): GenerationInput {
  const hasPrompt = request.prompt !== undefined;
  const hasMessages = request.messages !== undefined;
  if (hasPrompt === hasMessages) {
    throw new TextGenerationError(
      'InvalidRequest',
      hasPrompt
        ? 'The request has both a prompt and messages: send one of them.'
        : 'The request has neither a prompt nor messages: send one of them.',
    );
  }
  const chat = hasMessages ? renderChat(request.messages!) : undefined;
  const prompt = chat?.prompt ?? request.prompt!;
  if (prompt.trim() === '') {
    throw new TextGenerationError('InvalidRequest', 'The prompt is empty: give some text to continue.');
  }
  const stop = [...(chat?.stop ?? []), ...(request.stop ?? [])];
  const sample = request.do_sample === true;
  return {
    prompt,
    options: {
      maxNewTokens: request.max_new_tokens ?? DEFAULT_REQUEST_NEW_TOKENS,
      sample,
      ...(sample && request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(sample && request.top_k !== undefined ? { topK: request.top_k } : {}),
      ...(sample && request.top_p !== undefined ? { topP: request.top_p } : {}),
      ...(stop.length > 0 ? { stop } : {}),
    },
  };
}

export interface PipelineOptions {
  device?: DeviceChoice;
  dtype?: Dtype;
  offline?: boolean;
  cacheDir?: string;
  logger?: Logger;
  /** Requests per batched forward. Default 8. */
  maxBatchSize?: number;
  /** How long the first request of a batch waits for company, ms. Default 5. */
  maxWaitMs?: number;
}

interface Job {
  prompt: string;
  options: GenerateOptions;
}

/** One request's failure inside a batch that otherwise ran. */
class Failed {
  constructor(readonly error: unknown) {}
}

/**
 * One batched forward for `jobs`. A prompt the model refuses (too long for its positions) fails
 * the whole batched call: then each job runs alone, so that only the request at fault fails —
 * otherwise one caller's oversized prompt would fail every other caller's request batched with it.
 */
async function generateEach(
  generator: TextGenerator,
  jobs: readonly Job[],
): Promise<Array<Generation | Failed>> {
  try {
    return await generator.generate(
      jobs.map((job) => job.prompt),
      jobs[0]!.options,
    );
  } catch (error) {
    if (jobs.length === 1) return [new Failed(error)];
    const results: Array<Generation | Failed> = [];
    for (const job of jobs) {
      results.push(
        await generator.generate([job.prompt], job.options).then(
          ([generation]) => generation!,
          (failure: unknown) => new Failed(failure),
        ),
      );
    }
    return results;
  }
}

export class TextGenerationPipeline {
  readonly #generator: TextGenerator;
  readonly #queue: BatchQueue<Job, Generation | Failed>;

  private constructor(generator: TextGenerator, options: PipelineOptions) {
    this.#generator = generator;
    this.#queue = new BatchQueue<Job, Generation | Failed>({
      maxBatchSize: options.maxBatchSize ?? 8,
      maxWaitMs: options.maxWaitMs ?? 5,
      // Only requests with the same options share a forward: one call takes one set of them.
      key: (job) => JSON.stringify(job.options),
      run: (jobs) => generateEach(generator, jobs),
    });
  }

  /** Loads `model` (a folder or a hub id; see `resolveTextModel`). */
  static async load(model: string, options: PipelineOptions = {}): Promise<TextGenerationPipeline> {
    const generator = await TextGenerator.load(model, {
      ...(options.device ? { device: options.device } : {}),
      ...(options.dtype ? { dtype: options.dtype } : {}),
      ...(options.offline ? { offline: true } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return new TextGenerationPipeline(generator, options);
  }

  get info(): ModelInfo {
    return this.#generator.info;
  }

  /** Batches run and requests served so far. */
  get stats(): Readonly<BatchStats> {
    return this.#queue.stats;
  }

  /** The whole completion of one request, batched with whatever else is asked meanwhile. */
  async complete(request: TextGenerationRequest): Promise<TextGenerationResponse> {
    const { prompt, options } = generationInput(request);
    const { text, finish } = await this.#generate({ prompt, options });
    return { completion: text, finish_reason: finish };
  }

  /**
   * The completion in chunks as it is made: rounds of `STREAM_ROUND_TOKENS` tokens, each
   * continuing the prompt and the text so far, until the budget, the end of text or a stop
   * string. transformers.js gives `TextGenerator` no per-token callback, so a round is the unit;
   * a round re-reads its context (no KV cache kept between rounds), and where re-tokenising the
   * text so far differs from the tokens generated, a streamed greedy completion can differ from
   * `complete`'s. Validators score `complete`.
   */
  async *stream(request: TextGenerationRequest, signal?: AbortSignal): AsyncGenerator<string> {
    const { prompt, options } = generationInput(request);
    const stops = options.stop ?? [];
    // A stop string may straddle two rounds: keep back what could be its start until the next.
    const holdBack = Math.max(0, ...stops.map((stop) => stop.length - 1));
    let text = '';
    let sent = 0;
    let budget = options.maxNewTokens;
    while (budget > 0 && signal?.aborted !== true) {
      const tokens = Math.min(STREAM_ROUND_TOKENS, budget);
      budget -= tokens;
      const round = await this.#generate({
        prompt: prompt + text,
        options: { ...options, maxNewTokens: tokens },
      });
      text += round.text;
      const cut = truncateAtStop(text, stops);
      const done = cut.stopped || round.finish === 'stop' || round.text === '' || budget === 0;
      const end = done ? cut.text.length : Math.max(sent, text.length - holdBack);
      if (end > sent) yield cut.text.slice(sent, end);
      sent = end;
      if (done) return;
    }
  }

  async dispose(): Promise<void> {
    await this.#generator.dispose();
  }

  async #generate(job: Job): Promise<Generation> {
    const result = await this.#queue.push(job);
    if (result instanceof Failed) throw result.error;
    return result;
  }
}
