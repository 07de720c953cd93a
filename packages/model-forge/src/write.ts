import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ForgedModel } from './model';

/** Writes a model's files under `<root>/<model.name>/` and returns that folder. */
export async function writeModel(root: string, model: ForgedModel): Promise<string> {
  const folder = join(root, model.name);
  for (const [path, contents] of model.files) {
    const target = join(folder, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, contents);
  }
  return folder;
}
