/**
 * Loads a transformers.js pipeline from a folder, a hub id (downloading with progress) or,
 * offline, a hub id already on disk — checking first that every file the pipeline reads is
 * there, so that a missing file is named instead of surfacing as a failed fetch.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { env, ModelRegistry, pipeline } from '@huggingface/transformers';
import type { Logger } from '@subnetkit/core';
import { type DeviceChoice, type DeviceSelection, selectDevice } from '../device';
import { errorMessage, InferenceError } from '../errors';
import type { DTYPE_CHOICES } from '../options';
import { type ProgressEvent, progressReporter } from './progress';
import {
  availableDtypes,
  type ModelRef,
  offlineCandidates,
  parseModelRef,
  pipelineRequirements,
  type TaskType,
} from './resolve';

export type Dtype = (typeof DTYPE_CHOICES)[number];

export type TransformersTask = 'text-generation' | 'automatic-speech-recognition' | 'image-classification';

const TASK_TYPES: Readonly<Record<TransformersTask, TaskType>> = {
  'text-generation': 'text',
  'automatic-speech-recognition': 'multimodal',
  'image-classification': 'image',
};

export interface LoadOptions {
  /** Default `auto`. */
  device?: DeviceChoice;
  /** Default `auto`: the model's own default (`transformers.js_config.dtype`, else fp32). */
  dtype?: Dtype;
  /** No network calls: a hub id must already be in the cache or transformers.js's local model path. */
  offline?: boolean;
  /** Where downloads go and where offline hub ids are looked up. */
  cacheDir?: string;
  logger?: Logger;
  /** Download progress; default: bars on stderr when it is a terminal, lines otherwise. */
  onProgress?: (event: ProgressEvent) => void;
}

export interface ModelInfo {
  /** What the caller passed. */
  spec: string;
  /** The folder loaded, or the hub id downloaded through the cache. */
  location: string;
  source: 'folder' | 'hub' | 'cache';
  device: DeviceSelection;
  dtype: Dtype;
  loadMs: number;
}

export interface LoadedPipeline<P> {
  pipe: P;
  info: ModelInfo;
}

const MODEL_HINT =
  'Give --model a model folder (npx subnetkit-forge <dir> writes small offline ones) or a hub id such as Xenova/distilgpt2.';

export async function loadTransformersPipeline<P>(
  task: TransformersTask,
  spec: string,
  options: LoadOptions = {},
): Promise<LoadedPipeline<P>> {
  const started = performance.now();
  const { offline = false, cacheDir, logger, dtype = 'auto' } = options;
  const ref = parseModelRef(spec, isDirectory, process.cwd());
  if (ref === undefined) {
    throw new InferenceError(
      'ModelNotFound',
      `"${spec}" is neither a model folder nor a hub id. ${MODEL_HINT}`,
      {
        spec,
      },
    );
  }
  // Offline is process-wide in transformers.js: `get_pipeline_files` ignores `local_files_only`.
  env.allowRemoteModels = !offline;
  if (cacheDir) env.cacheDir = cacheDir;

  const device = await selectDevice(options.device ?? 'auto', logger);
  const located = locate(ref, spec, offline, cacheDir);
  if (located.folder !== undefined) await checkFolder(task, located.folder, dtype, device.device);

  // Folders and offline caches are read from disk: progress is only worth showing for downloads.
  const progress =
    options.onProgress ?? (located.source === 'hub' ? progressReporter(process.stderr) : undefined);
  let pipe: unknown;
  try {
    pipe = await pipeline(task, located.folder ?? located.id!, {
      device: device.device,
      ...(dtype === 'auto' ? {} : { dtype }),
      ...(cacheDir ? { cache_dir: cacheDir } : {}),
      ...(progress ? { progress_callback: progress as (info: unknown) => void } : {}),
      local_files_only: offline,
    });
  } catch (error) {
    const where = located.source === 'hub' ? 'from the Hugging Face hub' : `from ${located.folder}`;
    const hint =
      located.source === 'hub'
        ? 'Check the network, or run offline with a model folder (npx subnetkit-forge <dir> writes small ones).'
        : 'Check that the folder holds a complete transformers.js model (config.json, tokenizer, onnx/*.onnx).';
    throw new InferenceError(
      'ModelLoadFailed',
      `Could not load ${task} model "${spec}" ${where}: ${errorMessage(error)}. ${hint}`,
      { spec },
      { cause: error },
    );
  }
  const info: ModelInfo = {
    spec,
    location: located.folder ?? located.id!,
    source: located.source,
    device,
    dtype,
    loadMs: performance.now() - started,
  };
  logger?.info(
    { task, model: spec, source: info.source, device: device.device, ms: Math.round(info.loadMs) },
    'model loaded',
  );
  return { pipe: pipe as P, info };
}

interface Located {
  source: ModelInfo['source'];
  folder?: string;
  id?: string;
}

function locate(ref: ModelRef, spec: string, offline: boolean, cacheDir: string | undefined): Located {
  if (ref.kind === 'folder') {
    if (!isDirectory(ref.path)) {
      throw new InferenceError('ModelNotFound', `Model folder ${ref.path} does not exist. ${MODEL_HINT}`, {
        spec,
      });
    }
    return { source: 'folder', folder: ref.path };
  }
  if (!offline) return { source: 'hub', id: ref.id };
  const candidates = offlineCandidates(ref.id, env.localModelPath, cacheDir ?? env.cacheDir ?? undefined);
  const found = candidates.find((folder) => existsSync(join(folder, 'config.json')));
  if (found === undefined) {
    throw new InferenceError(
      'MissingModelFiles',
      `Offline, and hub model ${ref.id} is not on disk: config.json is missing from ${candidates.join(' and ')}. ` +
        'Run once online to download it into the same cache folder, or pass a model folder.',
      { spec, missing: ['config.json'], searched: candidates },
    );
  }
  return { source: 'cache', folder: found };
}

/** Names every file the pipeline would read that the folder lacks, and dtypes it does not offer. */
async function checkFolder(
  task: TransformersTask,
  folder: string,
  dtype: Dtype,
  device: string,
): Promise<void> {
  const configPath = join(folder, 'config.json');
  if (!existsSync(configPath)) throw missingFiles(folder, ['config.json']);
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (error) {
    throw new InferenceError('ModelLoadFailed', `${configPath} is not valid JSON: ${errorMessage(error)}`, {
      folder,
    });
  }
  const registryFiles = await ModelRegistry.get_pipeline_files(task, folder, {
    // biome-ignore lint/suspicious/noExplicitAny: transformers.js types the config as its own class
    config: config as any,
    ...(dtype === 'auto' ? {} : { dtype }),
    device: device as 'cpu',
  });
  const { required } = pipelineRequirements(TASK_TYPES[task], registryFiles);
  const missing = required.filter((file) => !existsSync(join(folder, file)));
  if (missing.length === 0) return;

  const onnx = missing.filter((file) => file.startsWith('onnx/'));
  if (onnx.length === missing.length && dtype !== 'auto') {
    const offered = availableDtypes(listOnnx(folder), onnx);
    if (offered.length > 0) {
      throw new InferenceError(
        'UnsupportedDtype',
        `Model ${folder} has no ${dtype} weights (${onnx.join(', ')} missing); it offers ${offered.join(', ')}. ` +
          `Use --neuron.dtype ${offered[0]} or auto.`,
        { folder, dtype, offered, missing: onnx },
      );
    }
  }
  throw missingFiles(folder, missing);
}

function missingFiles(folder: string, missing: string[]): InferenceError {
  return new InferenceError(
    'MissingModelFiles',
    `Model folder ${folder} is missing ${missing.join(', ')}. Copy the complete model (or re-run subnetkit-forge for a forged one).`,
    { folder, missing },
  );
}

function listOnnx(folder: string): string[] {
  try {
    return readdirSync(join(folder, 'onnx'));
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
