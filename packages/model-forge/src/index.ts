export {
  DEFAULT_SEED,
  type ForgedFolder,
  forgeModel,
  forgeModels,
  MODEL_KINDS,
  type ModelKind,
} from './forge';
export { forgeGpt2, type Gpt2Options } from './gpt2';
export type { ForgedModel } from './model';
export { createRng, deriveSeed, type Rng } from './random';
export { DEFAULT_VIT_LABELS, forgeVit, type VitOptions } from './vit';
export { forgeWhisper, type WhisperOptions } from './whisper';
export { writeModel } from './write';
