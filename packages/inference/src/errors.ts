export type InferenceErrorCode =
  /** `--neuron.device cuda` where onnxruntime-node cannot load its CUDA provider. */
  | 'CudaUnavailable'
  /** Neither a folder on disk nor a valid hub id. */
  | 'ModelNotFound'
  /** A model folder (or, offline, the cache) lacks files the pipeline loads; `details.missing` names them. */
  | 'MissingModelFiles'
  /** The model has no file for the dtype asked for. */
  | 'UnsupportedDtype'
  /** Loading the model failed for another reason (a corrupt ONNX file, an unsupported architecture). */
  | 'ModelLoadFailed'
  | 'InvalidAudio'
  | 'InvalidImage'
  | 'EmptyInput'
  | 'InputTooLarge'
  | 'InvalidOption';

/**
 * What went wrong and what to do about it; tests assert `code`, people read `message`.
 */
export class InferenceError extends Error {
  override readonly name = 'InferenceError';

  constructor(
    readonly code: InferenceErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
