/**
 * The forged folders through the unmodified transformers.js pipelines, offline: forge, then
 * `pipeline()`, then check the output, determinism and how the cache is used step by step.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AutomaticSpeechRecognitionPipeline,
  env,
  type ImageClassificationPipeline,
  pipeline,
  RawImage,
  type TextGenerationPipeline,
} from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgeModels } from '../src/forge';

let root: string;
let fetches = 0;

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.fetch = async (input) => {
    fetches++;
    throw new Error(`unexpected network request: ${String(input)}`);
  };
  root = await mkdtemp(join(tmpdir(), 'forge-'));
  await forgeModels(root, { seed: 42 });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  expect(fetches).toBe(0);
});

interface Feeds {
  [name: string]: { dims: readonly number[]; data: ArrayLike<number | bigint | boolean> };
}
interface Session {
  run(feeds: Feeds, ...rest: unknown[]): Promise<unknown>;
  inputNames: string[];
}

/** Records the feeds of every `run` of one of the pipeline's ONNX sessions. */
function traceSession(pipe: { model: unknown }, name: string): Feeds[] {
  const session = (pipe.model as { sessions: Record<string, Session> }).sessions[name]!;
  const calls: Feeds[] = [];
  const run = session.run.bind(session);
  session.run = (feeds, ...rest) => {
    calls.push(feeds);
    return run(feeds, ...rest);
  };
  return calls;
}

describe('tiny-gpt2 with text-generation', () => {
  let pipe: TextGenerationPipeline;
  beforeAll(async () => {
    pipe = (await pipeline('text-generation', join(root, 'tiny-gpt2'))) as TextGenerationPipeline;
  });

  it('generates greedily and deterministically, one cached step per new token', async () => {
    const calls = traceSession(pipe, 'model');
    const prompt = 'the quick brown fox';
    const first = await pipe(prompt, { max_new_tokens: 12, min_new_tokens: 12, do_sample: false });
    const again = await pipe(prompt, { max_new_tokens: 12, min_new_tokens: 12, do_sample: false });
    const text = (first as Array<{ generated_text: string }>)[0]!.generated_text;
    expect(text.startsWith(prompt)).toBe(true);
    expect(text.length).toBeGreaterThan(prompt.length);
    expect(again).toEqual(first);

    const run = calls.slice(0, 12);
    const promptLength = run[0]!.input_ids!.dims[1]!;
    expect(promptLength).toBeGreaterThan(1);
    expect(run[0]!['past_key_values.0.key']!.dims).toEqual([1, 4, 0, 8]);
    run.slice(1).forEach((feeds, step) => {
      expect(feeds.input_ids!.dims).toEqual([1, 1]);
      expect(feeds['past_key_values.1.value']!.dims).toEqual([1, 4, promptLength + step, 8]);
      expect(feeds.attention_mask!.dims).toEqual([1, promptLength + step + 1]);
    });
  });

  it('gives a left-padded row of a batch the same text as alone', async () => {
    const options = { max_new_tokens: 6, min_new_tokens: 6, do_sample: false };
    const alone = (await pipe('Hi', options)) as Array<{ generated_text: string }>;
    const batch = (await pipe(['Hi', 'the quick brown fox jumps'], options)) as Array<
      Array<{ generated_text: string }>
    >;
    expect(batch[0]![0]!.generated_text).toBe(alone[0]!.generated_text);
  });

  it('samples differently from greedy when asked to', async () => {
    const outputs = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const out = (await pipe('the', {
        max_new_tokens: 8,
        min_new_tokens: 8,
        do_sample: true,
        temperature: 2,
      })) as Array<{
        generated_text: string;
      }>;
      outputs.add(out[0]!.generated_text);
    }
    expect(outputs.size).toBeGreaterThan(1);
  });
});

describe('tiny-whisper with automatic-speech-recognition', () => {
  let pipe: AutomaticSpeechRecognitionPipeline;
  const tone = Float32Array.from(
    { length: 16000 * 2 },
    (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000),
  );
  beforeAll(async () => {
    pipe = (await pipeline(
      'automatic-speech-recognition',
      join(root, 'tiny-whisper'),
    )) as AutomaticSpeechRecognitionPipeline;
  });

  it('transcribes deterministically through the merged decoder and its If branch', async () => {
    const calls = traceSession(pipe, 'decoder_model_merged');
    const first = (await pipe(tone)) as { text: string };
    const again = (await pipe(tone)) as { text: string };
    expect(first.text.length).toBeGreaterThan(0);
    expect(again).toEqual(first);

    const run = calls.slice(0, calls.length / 2);
    expect(run.length).toBeGreaterThan(1);
    expect(Boolean(run[0]!.use_cache_branch!.data[0])).toBe(false);
    expect(run[0]!.input_ids!.dims).toEqual([1, 2]);
    expect(Boolean(run[1]!.use_cache_branch!.data[0])).toBe(true);
    expect(run[1]!['past_key_values.0.encoder.key']!.dims).toEqual([1, 4, 200, 8]);
    expect(run[1]!['past_key_values.0.decoder.key']!.dims).toEqual([1, 4, 2, 8]);
  });

  it('chunks audio longer than the window and returns timestamps when asked', async () => {
    const long = Float32Array.from(
      { length: 16000 * 9 },
      (_, i) => 0.3 * Math.sin(i / (20 + (i % 5000) / 500)),
    );
    const chunked = (await pipe(long, { chunk_length_s: 4, stride_length_s: 0.5 })) as { text: string };
    expect(chunked.text.length).toBeGreaterThan(0);
    const stamped = (await pipe(long, { chunk_length_s: 4, return_timestamps: true })) as {
      text: string;
      chunks: unknown[];
    };
    expect(stamped.chunks.length).toBeGreaterThan(0);
  });
});

describe('tiny-vit with image-classification', () => {
  let pipe: ImageClassificationPipeline;
  beforeAll(async () => {
    pipe = (await pipeline('image-classification', join(root, 'tiny-vit'))) as ImageClassificationPipeline;
  });

  it('scores the configured labels, deterministically and the same alone or batched', async () => {
    const a = new RawImage(
      Uint8ClampedArray.from({ length: 32 * 32 * 3 }, (_, i) => (i * 7) % 256),
      32,
      32,
      3,
    );
    const b = new RawImage(
      Uint8ClampedArray.from({ length: 64 * 40 * 3 }, (_, i) => (i * 13) % 251),
      64,
      40,
      3,
    );
    const single = (await pipe(a, { top_k: 10 })) as Array<{ label: string; score: number }>;
    expect(single).toHaveLength(10);
    expect(single.map((entry) => entry.label)).toContain('cat');
    const total = single.reduce((sum, entry) => sum + entry.score, 0);
    expect(total).toBeCloseTo(1, 5);
    expect(single[0]!.score).toBeGreaterThan(0.15);

    const batch = (await pipe([a, b], { top_k: 3 })) as Array<Array<{ label: string; score: number }>>;
    expect(batch).toHaveLength(2);
    expect(batch[0]![0]!.label).toBe(single[0]!.label);
    expect(batch[0]![0]!.score).toBeCloseTo(single[0]!.score, 5);
    expect(batch[1]).not.toEqual(batch[0]);
  });
});
