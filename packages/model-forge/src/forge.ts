import { forgeGpt2 } from './gpt2';
import type { ForgedModel } from './model';
import { deriveSeed } from './random';
import { forgeVit } from './vit';
import { forgeWhisper } from './whisper';
import { writeModel } from './write';

export const MODEL_KINDS = ['gpt2', 'whisper', 'vit'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const DEFAULT_SEED = 42;

/** Builds one model in memory; the same kind and seed give the same bytes. */
export function forgeModel(kind: ModelKind, seed = DEFAULT_SEED): ForgedModel {
  // Each kind draws from its own stream, so forging a subset changes none of the weights.
  const modelSeed = deriveSeed(seed, kind);
  switch (kind) {
    case 'gpt2':
      return forgeGpt2({ seed: modelSeed });
    case 'whisper':
      return forgeWhisper({ seed: modelSeed });
    case 'vit':
      return forgeVit({ seed: modelSeed });
  }
}

export interface ForgedFolder {
  kind: ModelKind;
  name: string;
  task: ForgedModel['task'];
  folder: string;
  bytes: number;
}

/** Writes the chosen models under `root` (`root/tiny-gpt2`, `root/tiny-whisper`, `root/tiny-vit`). */
export async function forgeModels(
  root: string,
  { seed = DEFAULT_SEED, only = MODEL_KINDS }: { seed?: number; only?: readonly ModelKind[] } = {},
): Promise<ForgedFolder[]> {
  const written: ForgedFolder[] = [];
  for (const kind of only) {
    const model = forgeModel(kind, seed);
    const folder = await writeModel(root, model);
    const bytes = [...model.files.values()].reduce(
      (sum, contents) => sum + (typeof contents === 'string' ? Buffer.byteLength(contents) : contents.length),
      0,
    );
    written.push({ kind, name: model.name, task: model.task, folder, bytes });
  }
  return written;
}
