import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '@subnetkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav, sineWave } from '../src/audio/wav';
import { main } from '../src/cli/infer';
import { type ForgedRoot, forgeTestModels } from './models';

let models: ForgedRoot;
const logs: string[] = [];
const logger = createLogger({ json: true, destination: { write: (line) => logs.push(line) } });

beforeAll(async () => {
  models = await forgeTestModels();
});

afterAll(async () => {
  await models.cleanup();
});

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line), logger });
  return { code, lines: out.map((line) => JSON.parse(line)), err: err.join('\n') };
}

describe('subnetkit-infer', () => {
  it('prints one JSON line per input with its result and latency', async () => {
    const prompts = [join(models.root, 'a.txt'), join(models.root, 'b.txt')];
    await writeFile(prompts[0]!, 'Hello there');
    await writeFile(prompts[1]!, 'Once upon a time');
    const { code, lines } = await run([
      'text-generation',
      ...prompts,
      '--model',
      models.gpt2,
      '--offline',
      '--max_new_tokens',
      '6',
    ]);
    expect(code).toBe(0);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ input: prompts[0], task: 'text-generation', result: { finish: 'end' } });
    expect(typeof lines[0].result.text).toBe('string');
    expect(lines[0].ms).toBeGreaterThan(0);
    expect(logs.some((line) => line.includes('"msg":"model loaded"'))).toBe(true);
  });

  it('runs a batch, and reports a bad input on its own line with exit code 1', async () => {
    const good = join(models.root, 'tone.wav');
    const bad = join(models.root, 'noise.wav');
    await writeFile(good, encodeWav(sineWave(440, 1, 16_000), 16_000));
    await writeFile(bad, Buffer.from('RIFF garbage that is no wave at all'));
    const { code, lines } = await run([
      'speech-to-text',
      good,
      bad,
      '--model',
      models.whisper,
      '--offline',
      '--batch',
    ]);
    expect(code).toBe(1);
    const byInput = Object.fromEntries(lines.map((line) => [line.input, line]));
    expect(byInput[bad].error.code).toBe('InvalidAudio');
    expect(byInput[good].result.seconds).toBeCloseTo(1, 2);
  });

  it('exits 2 on usage errors and 3 when the model cannot be loaded', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['translate', 'x'])).err).toContain('unknown task "translate"');
    expect((await run(['ocr'])).err).toContain('no input files');
    expect((await run(['ocr', 'x.png', '--bogus'])).err).toContain('unknown option --bogus');
    expect((await run(['ocr', 'x.png', '--device', 'tpu'])).code).toBe(2);
    const missing = await run(['image-classification', 'x.png', '--model', 'nobody/nothing', '--offline']);
    expect(missing.code).toBe(3);
    expect(missing.err).toContain('config.json is missing');
  });
});
