/**
 * Which model a miner serves and a validator references: `--model` names a hub id or a folder;
 * left out, it is the real `Xenova/distilgpt2` online and the forged tiny GPT-2 offline
 * (`--inference.offline`). Miner and validator must run the same model: the validator's greedy
 * reference is only worth comparing against the same weights.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ConfigOf, defineOptions, expandHome, type Logger } from '@subnetkit/core';
import { DEFAULT_MODELS, type DeviceChoice, type Dtype, type inferenceOptions } from '@subnetkit/inference';
import { DEFAULT_SEED, forgeModel, writeModel } from '@subnetkit/model-forge';
import { TextGenerationError } from './errors';
import { type PipelineOptions, TextGenerationPipeline } from './pipeline';

/** `--model forged`: the seeded tiny GPT-2 of packages/model-forge, written on first use. */
export const FORGED_MODEL = 'forged';
export const ONLINE_MODEL = DEFAULT_MODELS['text-generation'];
const FORGED_NAME = 'tiny-gpt2';

export const modelOptions = defineOptions([
  {
    name: 'model',
    type: 'string',
    help:
      `Model to serve or reference: a hub id, a model folder, or "${FORGED_MODEL}" (a tiny offline GPT-2). ` +
      `Default ${ONLINE_MODEL}, or ${FORGED_MODEL} with --inference.offline (written under --inference.cache_dir, ` +
      'else ~/.subnetkit/models). Miners and validators must agree.',
  },
]);

export interface ModelChoice {
  /** `--model` as given, if it was. */
  model?: string | undefined;
  offline?: boolean | undefined;
  /** Where `forged` is written (`--inference.cache_dir`); default `~/.subnetkit/models`. */
  dir?: string | undefined;
}

/** The model spec to load: a hub id or a folder (writing the forged model first when chosen). */
export async function resolveTextModel(choice: ModelChoice): Promise<string> {
  const model = choice.model ?? (choice.offline ? FORGED_MODEL : ONLINE_MODEL);
  if (model !== FORGED_MODEL) return model;
  return forgedModelFolder(expandHome(choice.dir ?? join(homedir(), '.subnetkit', 'models')));
}

/** The flags a bin loads its model with: `--model` and the `--neuron.device/dtype`, `--inference.*` group. */
export type ModelFlags = ConfigOf<typeof modelOptions> & ConfigOf<typeof inferenceOptions>;

/**
 * The model a bin's flags choose, resolved (`resolveTextModel`) and loaded on the chosen device;
 * `batching` is the miner's `--miner.*` queue settings.
 */
export async function loadTextPipeline(
  config: ModelFlags,
  logger: Logger,
  batching: Pick<PipelineOptions, 'maxBatchSize' | 'maxWaitMs'> = {},
): Promise<TextGenerationPipeline> {
  const model = await resolveTextModel({
    model: config.model,
    offline: config.inference.offline,
    dir: config.inference.cache_dir,
  });
  const pipeline = await TextGenerationPipeline.load(model, {
    device: config.neuron.device as DeviceChoice,
    dtype: config.neuron.dtype as Dtype,
    offline: config.inference.offline,
    ...(config.inference.cache_dir ? { cacheDir: config.inference.cache_dir } : {}),
    logger,
    ...batching,
  });
  logger.info({ model: pipeline.info.location, device: pipeline.info.device.device }, 'model loaded');
  return pipeline;
}

/**
 * Writes the forged model under `root` unless it is there. The same seed gives the same bytes,
 * so every miner and validator on the machine (or any machine) gets the same weights. Written
 * to a temporary folder and renamed, so that a process starting alongside never reads half a model.
 */
export async function forgedModelFolder(root: string, seed = DEFAULT_SEED): Promise<string> {
  const folder = join(root, seed === DEFAULT_SEED ? FORGED_NAME : `${FORGED_NAME}-${seed}`);
  if (existsSync(join(folder, 'config.json'))) return folder;
  const staging = join(root, `.staging-${randomUUID()}`);
  try {
    await mkdir(root, { recursive: true });
    const written = await writeModel(staging, forgeModel('gpt2', seed));
    await rename(written, folder).catch((error: NodeJS.ErrnoException) => {
      // Another process renamed its copy first: the same bytes, keep theirs.
      if (!existsSync(join(folder, 'config.json'))) throw error;
    });
    return folder;
  } catch (error) {
    throw new TextGenerationError(
      'ModelUnavailable',
      `Cannot write the offline model to ${root}: ${(error as Error).message}. Give --inference.cache_dir a writable folder.`,
      { cause: error },
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
