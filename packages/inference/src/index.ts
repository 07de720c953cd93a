/// <reference path="./ocr/gutenye-models.d.ts" />
export { type DecodeAudioOptions, decodeAudio, SPEECH_SAMPLE_RATE } from './audio/decode';
export { downmix, resample } from './audio/resample';
export { encodeWav, sineWave } from './audio/wav';
export { BatchQueue, type BatchQueueOptions, type BatchStats } from './batching/queue';
export {
  CUDA_INSTALL_HINT,
  type CudaProbe,
  chooseDevice,
  type Device,
  type DeviceChoice,
  type DeviceSelection,
  probeCuda,
  selectDevice,
} from './device';
export { InferenceError, type InferenceErrorCode } from './errors';
export { type DecodedImage, type DecodeImageOptions, decodeImage } from './image/decode';
export { type RenderTextOptions, renderText, type TextLine } from './image/render';
export {
  type Dtype,
  type LoadedPipeline,
  type LoadOptions,
  loadTransformersPipeline,
  type ModelInfo,
  type TransformersTask,
} from './model/load';
export { type ProgressEvent, progressReporter, renderProgressBar } from './model/progress';
export { isHubId, type ModelRef, parseModelRef } from './model/resolve';
export {
  type OcrBox,
  OcrEngine,
  type OcrImageInput,
  type OcrLoadOptions,
  type OcrOptions,
  type OcrResult,
} from './ocr/ocr';
export { DEVICE_CHOICES, DTYPE_CHOICES, inferenceOptions } from './options';
export {
  type ClassifyOptions,
  ImageClassifier,
  type ImageInput,
  type LabelScore,
} from './pipelines/image-classification';
export {
  type AudioInput,
  SpeechRecognizer,
  type TranscribeOptions,
  type Transcription,
} from './pipelines/speech-recognition';
export {
  DEFAULT_MAX_NEW_TOKENS,
  type GenerateOptions,
  type Generation,
  TextGenerator,
} from './pipelines/text-generation';
export {
  DEFAULT_MODELS,
  isTask,
  loadTask,
  TASKS,
  type Task,
  type TaskOptions,
  type TaskRunner,
} from './tasks';
export { characterErrorRate, editDistance, normalizeText, wordErrorRate } from './text/error-rate';
export { findStop, truncateAtStop } from './text/stop';
