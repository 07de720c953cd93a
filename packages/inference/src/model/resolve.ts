/**
 * Which model a `--model` value names and which of its files a pipeline needs: pure logic, with
 * the file system passed in so it can be tested with plain values.
 */
import { isAbsolute, join, resolve } from 'node:path';

/** A model folder on disk, or a Hugging Face hub id such as `Xenova/distilgpt2`. */
export type ModelRef = { kind: 'folder'; path: string } | { kind: 'hub'; id: string };

/** `name` or `org/name`, as the hub allows them (letters, digits, `-`, `_`, `.`; no `..`). */
const HUB_ID = /^(?:[A-Za-z0-9][\w.-]{0,95}\/)?[A-Za-z0-9][\w.-]{0,95}$/;

export function isHubId(spec: string): boolean {
  return HUB_ID.test(spec) && !spec.includes('..');
}

/**
 * A folder that exists wins over a hub id of the same spelling (`models/tiny-gpt2` is both);
 * a spec that looks like a path (`./x`, `/x`, `~/x`) is always a folder.
 */
export function parseModelRef(
  spec: string,
  isDirectory: (path: string) => boolean,
  cwd: string,
): ModelRef | undefined {
  const trimmed = spec.trim();
  if (trimmed === '') return undefined;
  const looksLikePath = isAbsolute(trimmed) || /^(\.{1,2}|~)(\/|$)/.test(trimmed);
  const path = resolve(cwd, trimmed);
  if (looksLikePath || isDirectory(path)) return { kind: 'folder', path };
  return isHubId(trimmed) ? { kind: 'hub', id: trimmed } : undefined;
}

/** Folders where an offline hub id may already be: transformers.js's local model path, then its cache. */
export function offlineCandidates(
  id: string,
  localModelPath: string,
  cacheDir: string | undefined,
): string[] {
  const roots = [localModelPath, ...(cacheDir ? [cacheDir] : [])];
  return roots.map((root) => join(root, id));
}

export type TaskType = 'text' | 'audio' | 'image' | 'multimodal';

/**
 * The files a pipeline reads, from transformers.js's own list (`ModelRegistry.get_pipeline_files`)
 * plus what that list only includes when present: the tokenizer of a text task and the
 * processor of an audio or image one. Generation configs are optional: transformers.js falls
 * back to defaults without one.
 */
export function pipelineRequirements(
  taskType: TaskType,
  registryFiles: readonly string[],
): { required: string[]; optional: string[] } {
  const files = new Set(registryFiles);
  if (taskType === 'text' || taskType === 'multimodal') {
    files.add('tokenizer.json');
    files.add('tokenizer_config.json');
  }
  if (taskType !== 'text') files.add('preprocessor_config.json');
  const optional = [...files].filter((file) => file.endsWith('generation_config.json'));
  const required = [...files].filter((file) => !optional.includes(file));
  return { required, optional };
}

/** dtype → the suffix of its ONNX file (transformers.js `DEFAULT_DTYPE_SUFFIX_MAPPING`). */
export const DTYPE_SUFFIX: Readonly<Record<string, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** The dtypes for which every session of a model has a file, given the names in its `onnx/` folder. */
export function availableDtypes(onnxFiles: readonly string[], requiredOnnx: readonly string[]): string[] {
  const bases = requiredOnnx.map((file) => baseName(file.replace(/^onnx\//, '')));
  const present = new Set(onnxFiles);
  return Object.entries(DTYPE_SUFFIX)
    .filter(([, suffix]) => bases.every((base) => present.has(`${base}${suffix}.onnx`)))
    .map(([dtype]) => dtype);
}

/** `decoder_model_merged_quantized.onnx` → `decoder_model_merged`. */
function baseName(file: string): string {
  const stem = file.replace(/\.onnx$/, '');
  const suffixes = Object.values(DTYPE_SUFFIX)
    .filter((suffix) => suffix !== '')
    .sort((a, b) => b.length - a.length);
  const suffix = suffixes.find((candidate) => stem.endsWith(candidate));
  return suffix ? stem.slice(0, -suffix.length) : stem;
}
