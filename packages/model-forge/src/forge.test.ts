import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli/forge';
import { forgeModel, MODEL_KINDS } from './forge';

const bytesOf = (kind: (typeof MODEL_KINDS)[number], seed: number): Map<string, string | Uint8Array> =>
  forgeModel(kind, seed).files;

describe('forgeModel', () => {
  /** Byte comparison: vitest's deep equality walks a megabyte array element by element. */
  const sameFiles = (a: Map<string, string | Uint8Array>, b: Map<string, string | Uint8Array>): boolean =>
    a.size === b.size &&
    [...a].every(([path, contents]) => {
      const other = b.get(path);
      return other !== undefined && Buffer.compare(Buffer.from(contents), Buffer.from(other)) === 0;
    });

  it.each(MODEL_KINDS)('writes %s byte for byte the same for the same seed, and not for another', (kind) => {
    const a = bytesOf(kind, 1);
    expect(sameFiles(bytesOf(kind, 1), a)).toBe(true);
    const other = bytesOf(kind, 2);
    const onnx = [...a.keys()].filter((path) => path.endsWith('.onnx'));
    expect(onnx.length).toBeGreaterThan(0);
    for (const path of onnx)
      expect(Buffer.compare(other.get(path) as Uint8Array, a.get(path) as Uint8Array)).not.toBe(0);
  });

  it('lays each model out as the Hugging Face hub does', () => {
    expect([...forgeModel('gpt2').files.keys()].sort()).toEqual([
      'config.json',
      'generation_config.json',
      'onnx/model.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    expect([...forgeModel('whisper').files.keys()].sort()).toEqual([
      'config.json',
      'generation_config.json',
      'onnx/decoder_model_merged.onnx',
      'onnx/encoder_model.onnx',
      'preprocessor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    expect([...forgeModel('vit').files.keys()].sort()).toEqual([
      'config.json',
      'onnx/model.onnx',
      'preprocessor_config.json',
    ]);
  });
});

describe('subnetkit-forge', () => {
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
  };

  it('writes only the models asked for, the same bytes as a full run', async () => {
    const root = await mkdtemp(join(tmpdir(), 'forge-cli-'));
    try {
      const { out, io } = capture();
      expect(await main([root, '--seed', '5', '--only', 'vit,gpt2'], io)).toBe(0);
      expect((await readdir(root)).sort()).toEqual(['tiny-gpt2', 'tiny-vit']);
      expect(out.at(-1)).toMatch(/^seed 5, 2 model\(s\)/);
      const written = await readFile(join(root, 'tiny-vit', 'onnx', 'model.onnx'));
      expect(Buffer.compare(written, forgeModel('vit', 5).files.get('onnx/model.onnx') as Uint8Array)).toBe(
        0,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('exits 2 with the usage on bad arguments', async () => {
    for (const argv of [
      [],
      ['a', 'b'],
      ['dir', '--only', 'gpt3'],
      ['dir', '--seed', '-1'],
      ['dir', '--seed', 'x'],
    ]) {
      const { err, io } = capture();
      expect(await main(argv, io)).toBe(2);
      expect(err.join('\n')).toContain('Usage: subnetkit-forge');
    }
  });

  it('exits 1 naming the folder when it cannot write', async () => {
    const root = await mkdtemp(join(tmpdir(), 'forge-cli-'));
    try {
      const file = join(root, 'a-file');
      await import('node:fs/promises').then((fs) => fs.writeFile(file, 'x'));
      const { err, io } = capture();
      expect(await main([file, '--only', 'vit'], io)).toBe(1);
      expect(err[0]).toContain(file);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
