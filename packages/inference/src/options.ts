/**
 * The config options of the inference layer, in the Bittensor style of `@subnetkit/core`:
 * `--neuron.device cuda` or `BT_NEURON_DEVICE=cuda`, and so on.
 */
import { defineOptions } from '@subnetkit/core';

export const DEVICE_CHOICES = ['auto', 'cuda', 'cpu'] as const;
export const DTYPE_CHOICES = ['auto', 'fp32', 'fp16', 'q8'] as const;

export const inferenceOptions = defineOptions([
  {
    name: 'neuron.device',
    type: 'string',
    choices: DEVICE_CHOICES,
    default: 'auto',
    help: 'Where models run: auto (CUDA when onnxruntime-node can load its CUDA provider, else CPU), cuda or cpu',
  },
  {
    name: 'neuron.dtype',
    type: 'string',
    choices: DTYPE_CHOICES,
    default: 'auto',
    help: "Model weights to load where a model offers several: fp32, fp16, q8; auto takes the model's default",
  },
  {
    name: 'inference.cache_dir',
    type: 'string',
    help: 'Folder for models downloaded from the hub (default: transformers.js’s cache in node_modules)',
  },
  {
    name: 'inference.offline',
    type: 'boolean',
    help: 'Make no network calls: models must be local folders or already in the cache',
  },
]);
