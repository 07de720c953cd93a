/** What a recipe produces: the files of one model folder, relative path → contents. */
export interface ForgedModel {
  /** Folder name, e.g. `tiny-gpt2`. */
  name: string;
  /** The pipeline task transformers.js runs it with. */
  task: 'text-generation' | 'automatic-speech-recognition' | 'image-classification';
  files: Map<string, string | Uint8Array>;
}

export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** `transformers.js_config.dtype`: the file `pipeline()` picks when the caller names no dtype. */
export const TRANSFORMERS_JS_CONFIG = { dtype: 'fp32' } as const;
