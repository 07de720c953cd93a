/**
 * Text generation on transformers.js: greedy (deterministic) or sampled, a cap on new tokens,
 * stop strings, and a batch of prompts in one left-padded forward per step.
 */
import type { Tensor, TextGenerationPipeline } from '@huggingface/transformers';
import { InferenceError } from '../errors';
import { type LoadOptions, loadTransformersPipeline, type ModelInfo } from '../model/load';
import { truncateAtStop } from '../text/stop';
import { eosTokenIds, FinishedRows } from './finished-rows';

export interface GenerateOptions {
  /** Default 32. */
  maxNewTokens?: number;
  /** Default greedy (`false`): the same prompt always gives the same text. */
  sample?: boolean;
  /** Sampling only; default 1. */
  temperature?: number;
  topK?: number;
  topP?: number;
  /** Generation ends after the first of these; the returned text stops before it. */
  stop?: readonly string[];
}

export interface Generation {
  /** The new text only, without the prompt. */
  text: string;
  /** `stop` when a stop string ended it, `end` otherwise (end of sequence or token limit). */
  finish: 'stop' | 'end';
}

export const DEFAULT_MAX_NEW_TOKENS = 32;
const MAX_PROMPT_CHARS = 100_000;

export class TextGenerator {
  readonly task = 'text-generation';

  private constructor(
    private readonly pipe: TextGenerationPipeline,
    readonly info: ModelInfo,
  ) {}

  static async load(model: string, options: LoadOptions = {}): Promise<TextGenerator> {
    const { pipe, info } = await loadTransformersPipeline<TextGenerationPipeline>(
      'text-generation',
      model,
      options,
    );
    return new TextGenerator(pipe, info);
  }

  /** Largest prompt + new tokens the model's position table holds, when its config says. */
  get maxPositions(): number | undefined {
    const config = this.pipe.model.config as unknown as Record<string, unknown>;
    const value = config.n_positions ?? config.max_position_embeddings ?? config.n_ctx;
    return typeof value === 'number' ? value : undefined;
  }

  /** Generates for every prompt at once: one batched forward per new token. */
  async generate(prompts: readonly string[], options: GenerateOptions = {}): Promise<Generation[]> {
    if (prompts.length === 0) return [];
    const maxNewTokens = options.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS;
    if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1) {
      throw new InferenceError(
        'InvalidOption',
        `maxNewTokens must be a positive integer, got ${maxNewTokens}`,
      );
    }
    this.checkPrompts(prompts, maxNewTokens);
    const stops = options.stop?.filter((stop) => stop !== '') ?? [];
    const eosIds = eosTokenIds(this.pipe.model, this.pipe.tokenizer);

    const output = (await this.pipe([...prompts], {
      max_new_tokens: maxNewTokens,
      do_sample: options.sample ?? false,
      ...(options.sample
        ? {
            temperature: options.temperature ?? 1,
            ...(options.topK === undefined ? {} : { top_k: options.topK }),
            ...(options.topP === undefined ? {} : { top_p: options.topP }),
          }
        : {}),
      return_full_text: false,
      ...(eosIds.length > 0
        ? { logits_processor: [new FinishedRows(eosIds, stops, this.pipe.tokenizer)] as never }
        : {}),
    })) as Array<Array<{ generated_text: string }>>;

    return output.map((row) => {
      const { text, stopped } = truncateAtStop(row[0]!.generated_text, stops);
      return { text, finish: stopped ? 'stop' : 'end' };
    });
  }

  async dispose(): Promise<void> {
    await this.pipe.dispose();
  }

  private checkPrompts(prompts: readonly string[], maxNewTokens: number): void {
    const limit = this.maxPositions;
    prompts.forEach((prompt, index) => {
      if (typeof prompt !== 'string' || prompt.trim() === '') {
        throw new InferenceError('EmptyInput', `Prompt ${index} is empty: give some text to continue.`, {
          index,
        });
      }
      if (prompt.length > MAX_PROMPT_CHARS) {
        throw new InferenceError(
          'InputTooLarge',
          `Prompt ${index} has ${prompt.length} characters, over the ${MAX_PROMPT_CHARS} limit.`,
          { index },
        );
      }
      if (limit === undefined) return;
      const tokens = (this.pipe.tokenizer(prompt).input_ids as Tensor).dims.at(-1)!;
      if (tokens + maxNewTokens > limit) {
        throw new InferenceError(
          'InputTooLarge',
          `Prompt ${index} is ${tokens} tokens; with ${maxNewTokens} new tokens that passes the model's ${limit} positions. ` +
            'Shorten the prompt or ask for fewer new tokens.',
          { index, tokens, maxNewTokens, limit },
        );
      }
    });
  }
}
