/**
 * Private, crash-safe keyfile writes: directories 0700, files 0600, and the content reaches its
 * final name only by an atomic rename or link, so a crash never leaves half a keyfile.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { WalletError } from './errors';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** Creates `dir` and missing parents as 0700 (chmod too, so the umask cannot widen them). */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const firstCreated = await mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (firstCreated === undefined) return;
  let current = firstCreated;
  await chmod(current, DIR_MODE);
  for (const part of relative(firstCreated, dir).split(sep).filter(Boolean)) {
    current = join(current, part);
    await chmod(current, DIR_MODE);
  }
}

/**
 * Writes `data` to `path` as 0600 through a temporary file in the same directory. Without
 * `overwrite`, the final step is `link`, which fails if `path` appeared meanwhile, so an existing
 * keyfile is never replaced even by a concurrent writer.
 */
export async function writeFileAtomic(path: string, data: Uint8Array, overwrite: boolean): Promise<void> {
  await ensurePrivateDir(dirname(path));
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.chmod(FILE_MODE);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    if (overwrite) {
      await rename(temp, path);
    } else {
      await link(temp, path);
      await unlink(temp);
    }
  } catch (error) {
    await unlink(temp).catch(() => {});
    if (isErrno(error, 'EEXIST')) throw keyfileExists(path);
    throw error;
  }
  await syncDir(dirname(path));
}

// The rename is durable only once the directory entry is on disk.
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (handle === undefined) return;
  await handle.sync().catch(() => {});
  await handle.close();
}

export function keyfileExists(path: string): WalletError {
  return new WalletError(
    'KeyfileExists',
    `A keyfile already exists at ${path}; it was left untouched. Pass overwrite: true (btcli: --overwrite) ` +
      'to replace it, after making sure its mnemonic is backed up.',
    { path },
  );
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
