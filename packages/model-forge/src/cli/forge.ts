/**
 * `subnetkit-forge <dir> [--seed N] [--only gpt2,whisper,vit]`: writes the tiny offline models.
 * Exit codes: 0 written, 1 could not write, 2 usage.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, forgeModels, MODEL_KINDS, type ModelKind } from '../forge';

const USAGE = `Usage: subnetkit-forge <dir> [--seed N] [--only ${MODEL_KINDS.join(',')}]

Writes small random-weight models in the layout transformers.js loads:
  <dir>/tiny-gpt2     text-generation (GPT-2-style decoder with a KV cache)
  <dir>/tiny-whisper  automatic-speech-recognition (Whisper-style encoder-decoder)
  <dir>/tiny-vit      image-classification (ViT-style)
The same seed writes the same bytes. Default seed ${DEFAULT_SEED}.`;

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  let options: { dir: string; seed: number; only: ModelKind[] };
  try {
    options = parseOptions(argv);
  } catch (error) {
    io.err(`subnetkit-forge: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.dir === '--help') {
    io.out(USAGE);
    return 0;
  }
  try {
    const started = performance.now();
    const written = await forgeModels(options.dir, { seed: options.seed, only: options.only });
    for (const model of written) {
      io.out(
        `${model.name.padEnd(13)} ${model.task.padEnd(29)} ${formatBytes(model.bytes).padStart(8)}  ${model.folder}`,
      );
    }
    io.out(
      `seed ${options.seed}, ${written.length} model(s) in ${Math.round(performance.now() - started)} ms`,
    );
    return 0;
  } catch (error) {
    io.err(`subnetkit-forge: cannot write models to ${options.dir}: ${(error as Error).message}`);
    return 1;
  }
}

function parseOptions(argv: readonly string[]): { dir: string; seed: number; only: ModelKind[] } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { seed: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return { dir: '--help', seed: DEFAULT_SEED, only: [] };
  if (positionals.length !== 1) throw new Error('expected exactly one output folder');
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`--seed must be an integer from 0 to 4294967295, got "${values.seed}"`);
  }
  const only =
    values.only === undefined ? [...MODEL_KINDS] : values.only.split(',').map((kind) => kind.trim());
  const unknown = only.filter((kind) => !(MODEL_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0 || only.length === 0) {
    throw new Error(`--only takes a comma-separated list of ${MODEL_KINDS.join(', ')}; got "${values.only}"`);
  }
  return { dir: positionals[0]!, seed, only: [...new Set(only)] as ModelKind[] };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
