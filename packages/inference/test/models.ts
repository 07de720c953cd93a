/** Forges the tiny models once per test file into a temporary folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@huggingface/transformers';
import { forgeModels } from '@subnetkit/model-forge';

export interface ForgedRoot {
  root: string;
  gpt2: string;
  whisper: string;
  vit: string;
  /** Network requests transformers.js tried; tests assert none. */
  fetches: () => number;
  cleanup: () => Promise<void>;
}

export async function forgeTestModels(): Promise<ForgedRoot> {
  let fetches = 0;
  env.fetch = async (input) => {
    fetches++;
    throw new Error(`unexpected network request: ${String(input)}`);
  };
  const root = await mkdtemp(join(tmpdir(), 'inference-'));
  await forgeModels(root, { seed: 42 });
  return {
    root,
    gpt2: join(root, 'tiny-gpt2'),
    whisper: join(root, 'tiny-whisper'),
    vit: join(root, 'tiny-vit'),
    fetches: () => fetches,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
