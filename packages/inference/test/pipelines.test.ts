/**
 * Each pipeline end to end, offline, on the forged models — loaded by the same code that loads
 * hub models — and the errors for bad input and broken model folders.
 */
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_VIT_LABELS } from '@subnetkit/model-forge';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav, sineWave } from '../src/audio/wav';
import { ImageClassifier } from '../src/pipelines/image-classification';
import { SpeechRecognizer } from '../src/pipelines/speech-recognition';
import { TextGenerator } from '../src/pipelines/text-generation';
import { type ForgedRoot, forgeTestModels } from './models';

let models: ForgedRoot;

beforeAll(async () => {
  models = await forgeTestModels();
});

afterAll(async () => {
  expect(models.fetches()).toBe(0);
  await models.cleanup();
});

describe('text generation', () => {
  let generator: TextGenerator;
  beforeAll(async () => {
    generator = await TextGenerator.load(models.gpt2, { device: 'auto', offline: true });
  });

  it('loads a folder on the selected device and generates greedily, deterministically', async () => {
    expect(generator.info).toMatchObject({ source: 'folder', location: models.gpt2 });
    expect(['cpu', 'cuda']).toContain(generator.info.device.device);
    const [first] = await generator.generate(['The weather today is'], { maxNewTokens: 12 });
    const [again] = await generator.generate(['The weather today is'], { maxNewTokens: 12 });
    expect(first!.text.length).toBeGreaterThan(0);
    expect(again).toEqual(first);
  });

  it('gives each prompt of a left-padded batch the text it gets alone', async () => {
    const prompts = ['Hi', 'Once upon a time there was', 'A'];
    const batch = await generator.generate(prompts, { maxNewTokens: 8 });
    for (const [i, prompt] of prompts.entries()) {
      expect(batch[i]).toEqual((await generator.generate([prompt], { maxNewTokens: 8 }))[0]);
    }
  });

  it('stops at a stop string and leaves it out', async () => {
    const [free] = await generator.generate(['Hello there'], { maxNewTokens: 16 });
    const stop = free!.text.slice(4, 6);
    const expected = free!.text.slice(0, free!.text.indexOf(stop));
    const [stopped] = await generator.generate(['Hello there'], { maxNewTokens: 16, stop: [stop] });
    expect(stopped).toEqual({ text: expected, finish: 'stop' });
  });

  it('samples when asked', async () => {
    const texts = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const [out] = await generator.generate(['The'], { maxNewTokens: 10, sample: true, temperature: 3 });
      texts.add(out!.text);
    }
    expect(texts.size).toBeGreaterThan(1);
  });

  it('rejects an empty prompt, a prompt past the model positions and a bad token count', async () => {
    await expect(generator.generate(['  '])).rejects.toMatchObject({ code: 'EmptyInput' });
    await expect(generator.generate(['word '.repeat(600)], { maxNewTokens: 4 })).rejects.toMatchObject({
      code: 'InputTooLarge',
      message: expect.stringContaining('512 positions'),
    });
    await expect(generator.generate(['x'], { maxNewTokens: 0 })).rejects.toMatchObject({
      code: 'InvalidOption',
    });
  });
});

describe('speech recognition', () => {
  let recognizer: SpeechRecognizer;
  beforeAll(async () => {
    recognizer = await SpeechRecognizer.load(models.whisper, { offline: true });
  });

  it('transcribes WAV bytes at any rate, the same batched as alone', async () => {
    const a = encodeWav(sineWave(440, 2, 44_100), 44_100);
    const b = encodeWav(sineWave(220, 1, 8_000), 8_000);
    const [aloneA] = await recognizer.transcribe([a], { maxNewTokens: 16 });
    const [aloneB] = await recognizer.transcribe([b], { maxNewTokens: 16 });
    expect(aloneA!.text.length).toBeGreaterThan(0);
    expect(aloneA!.seconds).toBeCloseTo(2, 2);
    expect(await recognizer.transcribe([a, b], { maxNewTokens: 16 })).toEqual([aloneA, aloneB]);
  });

  it('accepts raw samples at another rate', async () => {
    const samples = sineWave(440, 2, 44_100);
    const [fromSamples] = await recognizer.transcribe([{ samples, sampleRate: 44_100 }], {
      maxNewTokens: 16,
    });
    expect(fromSamples!.seconds).toBeCloseTo(2, 3);
    expect(fromSamples!.text.length).toBeGreaterThan(0);
  });

  it('chunks audio longer than the model window', async () => {
    expect(recognizer.windowSeconds).toBe(4);
    const long = encodeWav(sineWave(300, 9, 16_000), 16_000);
    const [result] = await recognizer.transcribe([long], { maxNewTokens: 8 });
    expect(result!.seconds).toBeCloseTo(9, 3);
    // Three overlapping windows, each contributing text.
    expect(result!.text.length).toBeGreaterThan(8);
  });

  it('names corrupt and empty audio', async () => {
    const garbage = Uint8Array.from({ length: 2048 }, (_, i) => (i * 37) % 256);
    await expect(recognizer.transcribe([garbage])).rejects.toMatchObject({ code: 'InvalidAudio' });
    await expect(recognizer.transcribe([new Uint8Array(0)])).rejects.toMatchObject({ code: 'EmptyInput' });
    await expect(
      recognizer.transcribe([{ samples: new Float32Array(0), sampleRate: 16_000 }]),
    ).rejects.toMatchObject({
      code: 'EmptyInput',
    });
    await expect(
      recognizer.transcribe([encodeWav(sineWave(200, 3, 16_000), 16_000)], { maxSeconds: 1 }),
    ).rejects.toMatchObject({ code: 'InputTooLarge' });
  });
});

describe('image classification', () => {
  let classifier: ImageClassifier;
  beforeAll(async () => {
    classifier = await ImageClassifier.load(models.vit, { offline: true });
  });

  const picture = (r: number, g: number, b: number) =>
    sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g, b } } })
      .png()
      .toBuffer();

  it('classifies image bytes into the model labels, the same batched as alone', async () => {
    const red = await picture(220, 20, 30);
    const blue = await picture(10, 40, 230);
    const [alone] = await classifier.classify([red], { topK: 3 });
    expect(alone).toHaveLength(3);
    expect(alone![0]!.score).toBeGreaterThanOrEqual(alone![1]!.score);
    expect(DEFAULT_VIT_LABELS).toContain(alone![0]!.label);
    const batch = await classifier.classify([red, blue], { topK: 3 });
    expect(batch[0]![0]!.label).toBe(alone![0]!.label);
    expect(batch[0]![0]!.score).toBeCloseTo(alone![0]!.score, 5);
    expect(batch[1]).not.toEqual(batch[0]);
  });

  it('names input that is not an image', async () => {
    await expect(classifier.classify([Buffer.from('%PDF-1.7 not an image')])).rejects.toMatchObject({
      code: 'InvalidImage',
    });
    await expect(classifier.classify([new Uint8Array(0)])).rejects.toMatchObject({ code: 'EmptyInput' });
  });
});

describe('model folders and offline mode', () => {
  it('names the files a model folder is missing', async () => {
    const broken = join(models.root, 'broken-whisper');
    await cp(models.whisper, broken, { recursive: true });
    await rm(join(broken, 'tokenizer.json'));
    await rm(join(broken, 'onnx', 'encoder_model.onnx'));
    await expect(SpeechRecognizer.load(broken, { offline: true })).rejects.toMatchObject({
      code: 'MissingModelFiles',
      details: { missing: ['onnx/encoder_model.onnx', 'tokenizer.json'] },
      message: expect.stringContaining('is missing onnx/encoder_model.onnx, tokenizer.json'),
    });
    const noConfig = join(models.root, 'no-config');
    await mkdir(noConfig);
    await expect(TextGenerator.load(noConfig)).rejects.toMatchObject({
      code: 'MissingModelFiles',
      details: { missing: ['config.json'] },
    });
  });

  it('says which dtypes a model offers', async () => {
    await expect(TextGenerator.load(models.gpt2, { dtype: 'q8', offline: true })).rejects.toMatchObject({
      code: 'UnsupportedDtype',
      details: { offered: ['fp32'], missing: ['onnx/model_quantized.onnx'] },
    });
  });

  it('reports a corrupt ONNX file as a load failure', async () => {
    const corrupt = join(models.root, 'corrupt-vit');
    await cp(models.vit, corrupt, { recursive: true });
    await writeFile(join(corrupt, 'onnx', 'model.onnx'), 'not a protobuf');
    await expect(ImageClassifier.load(corrupt, { offline: true })).rejects.toMatchObject({
      code: 'ModelLoadFailed',
    });
  });

  it('finds an offline hub id in the cache folder, and names what is missing when it is not there', async () => {
    const cache = join(models.root, 'cache');
    await cp(models.vit, join(cache, 'subnetkit-test', 'tiny-vit'), { recursive: true });
    const classifier = await ImageClassifier.load('subnetkit-test/tiny-vit', {
      offline: true,
      cacheDir: cache,
    });
    expect(classifier.info).toMatchObject({
      source: 'cache',
      location: join(cache, 'subnetkit-test', 'tiny-vit'),
    });
    await classifier.dispose();
    await expect(
      ImageClassifier.load('subnetkit-test/not-there', { offline: true, cacheDir: cache }),
    ).rejects.toMatchObject({ code: 'MissingModelFiles', details: { missing: ['config.json'] } });
  });

  it('rejects a spec that is neither a folder nor a hub id, and a missing folder', async () => {
    await expect(TextGenerator.load('not/a/hub/id')).rejects.toMatchObject({ code: 'ModelNotFound' });
    await expect(TextGenerator.load('./no-such-folder')).rejects.toMatchObject({ code: 'ModelNotFound' });
  });
});
