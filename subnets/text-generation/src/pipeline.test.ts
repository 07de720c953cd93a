import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgedModelFolder, ONLINE_MODEL, resolveTextModel } from './model';
import { generationInput, renderChat, STREAM_ROUND_TOKENS, TextGenerationPipeline } from './pipeline';

describe('renderChat and generationInput', () => {
  it('renders a chat as Role: content lines ending in "Assistant:" and stops at the next turn', () => {
    const chat = renderChat([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello.' },
      { role: 'user', content: 'Name a colour.' },
    ]);
    expect(chat.prompt).toBe(
      'System: Be brief.\nUser: Hi\nAssistant: Hello.\nUser: Name a colour.\nAssistant:',
    );
    expect(chat.stop).toEqual(['\nSystem:', '\nUser:', '\nAssistant:']);
  });

  it('maps a request to a prompt and options: greedy unless asked, sampling knobs only when sampling', () => {
    expect(generationInput({ prompt: 'Once', temperature: 2 })).toEqual({
      prompt: 'Once',
      options: { maxNewTokens: 64, sample: false },
    });
    expect(
      generationInput({
        messages: [{ role: 'user', content: 'Hi' }],
        do_sample: true,
        top_k: 5,
        stop: ['.'],
      }),
    ).toEqual({
      prompt: 'User: Hi\nAssistant:',
      options: {
        maxNewTokens: 64,
        sample: true,
        topK: 5,
        stop: ['\nSystem:', '\nUser:', '\nAssistant:', '.'],
      },
    });
  });

  it('refuses both, neither, or an empty prompt', () => {
    for (const request of [
      {},
      { prompt: 'a', messages: [{ role: 'user' as const, content: 'b' }] },
      { prompt: ' ' },
    ]) {
      expect(() => generationInput(request)).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
    }
  });
});

describe('model choice', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'text-model-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('takes --model as given, the hub model online, and the forged one offline', async () => {
    expect(await resolveTextModel({ model: 'some/model' })).toBe('some/model');
    expect(await resolveTextModel({})).toBe(ONLINE_MODEL);
    const folder = await resolveTextModel({ offline: true, dir: root });
    expect(folder).toBe(join(root, 'tiny-gpt2'));
    expect(await readdir(folder)).toContain('config.json');
  });

  it('writes the forged model once, safely when several processes start together', async () => {
    const folders = await Promise.all(Array.from({ length: 4 }, () => forgedModelFolder(root, 7)));
    expect(new Set(folders)).toEqual(new Set([join(root, 'tiny-gpt2-7')]));
    expect((await readdir(root)).filter((name) => name.startsWith('.staging'))).toEqual([]);
  });
});

describe('TextGenerationPipeline on the forged model', () => {
  let root: string;
  let pipeline: TextGenerationPipeline;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'text-pipeline-'));
    pipeline = await TextGenerationPipeline.load(await forgedModelFolder(root), {
      device: 'cpu',
      offline: true,
      maxWaitMs: 20,
    });
  });
  afterAll(async () => {
    await pipeline.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('is deterministic and batches concurrent requests into one forward, each getting its own answer', async () => {
    const prompts = ['The moon is', 'Volcanoes form when', 'A short poem about bread:\n'];
    const alone = [];
    for (const prompt of prompts) alone.push(await pipeline.complete({ prompt, max_new_tokens: 12 }));
    const batchesBefore = pipeline.stats.batches;
    const together = await Promise.all(
      prompts.map((prompt) => pipeline.complete({ prompt, max_new_tokens: 12 })),
    );
    expect(together).toEqual(alone);
    expect(pipeline.stats.batches - batchesBefore).toBe(1);
    expect(alone[0]!.completion.length).toBeGreaterThan(0);
    expect(new Set(alone.map((a) => a.completion)).size).toBe(3);
  });

  it('fails only the request whose prompt is too long, not the others batched with it', async () => {
    const good = pipeline.complete({ prompt: 'The moon is', max_new_tokens: 8 });
    const tooLong = pipeline.complete({ prompt: 'word '.repeat(600), max_new_tokens: 8 });
    await expect(tooLong).rejects.toMatchObject({ code: 'InputTooLarge' });
    expect(await good).toEqual(await pipeline.complete({ prompt: 'The moon is', max_new_tokens: 8 }));
  });

  it('streams in rounds that add up to the whole completion', async () => {
    const request = {
      prompt: 'Write a short story about a lighthouse keeper.',
      max_new_tokens: 3 * STREAM_ROUND_TOKENS,
    };
    const chunks: string[] = [];
    for await (const chunk of pipeline.stream(request)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    // The forged tokenizer is byte-level without merges, so re-reading the text so far gives the
    // same tokens and a stream equals the whole completion (see `stream` for real models).
    expect(chunks.join('')).toBe((await pipeline.complete(request)).completion);
  });

  it('stops a stream at a stop string even across rounds', async () => {
    const { completion } = await pipeline.complete({ prompt: 'Hello there', max_new_tokens: 24 });
    const stop = completion.slice(STREAM_ROUND_TOKENS - 1, STREAM_ROUND_TOKENS + 1);
    const expected = completion.slice(0, completion.indexOf(stop));
    const chunks: string[] = [];
    for await (const chunk of pipeline.stream({ prompt: 'Hello there', max_new_tokens: 24, stop: [stop] })) {
      chunks.push(chunk);
    }
    expect(chunks.join('')).toBe(expected);
  });
});
