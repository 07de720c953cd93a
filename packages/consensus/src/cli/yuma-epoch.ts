import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EpochMode } from '../arithmetic';
import { runEpoch } from '../epoch';
import { stringifyWithBigInt } from '../json';
import { parseSnapshot, SnapshotError } from '../snapshot';

export const USAGE = `Usage: yuma-epoch [--mode exact|float64] [--pretty] [FILE...]

Runs Subtensor's Yuma epoch on epoch snapshots and prints every output field.
Reads each FILE (or standard input when none is given, or for "-"): one JSON snapshot, or
JSON Lines with one snapshot per line. A sample record {"input": {...}} is accepted too, and a
samples file {"epochs": [records…]} prints {"epochs": [outputs…]}.
Prints one outputs JSON per snapshot, in the same form as the input (one document, or JSON Lines).

  --mode exact     Subtensor's I32F32 fixed-point arithmetic, bit for bit (default)
  --mode float64   the same algorithm in doubles (faster, not bit-exact)
  --pretty         indent single-document output
  -h, --help       show this help

Snapshot format: reference/yuma.md §e (n, current_block, tempo, weights, bonds, stake_alpha, hyper, …).
Exit codes: 0 ok, 1 invalid snapshot, 2 bad usage or unreadable input.`;

export interface CliIo {
  readFile(path: string): string;
  readStdin(): string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Documents in a text: one JSON value, or JSON Lines. Returns the values and whether it was JSONL. */
export function splitDocuments(text: string, source: string): { values: unknown[]; lines: boolean } {
  try {
    return { values: [JSON.parse(text)], lines: false };
  } catch {
    const values: unknown[] = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        values.push(JSON.parse(line));
      } catch (err) {
        throw new SnapshotError(
          `${source}:${i + 1}: not valid JSON (${(err as Error).message}); give one JSON document or one snapshot per line.`,
        );
      }
    });
    return { values, lines: true };
  }
}

function unwrap(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'input' in value && !('n' in value)) {
    return (value as { input: unknown }).input;
  }
  return value;
}

function epochsOf(value: unknown): unknown[] | null {
  if (value === null || typeof value !== 'object' || !('epochs' in value)) return null;
  const { epochs } = value as { epochs: unknown };
  return Array.isArray(epochs) ? epochs : null;
}

function withLocation<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof SnapshotError ? new SnapshotError(`${where}: ${err.message}`) : err;
  }
}

export function main(argv: string[], io: CliIo = processIo): number {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(argv);
  } catch (err) {
    io.stderr(`yuma-epoch: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const mode = parsed.values.mode;
  if (mode !== 'exact' && mode !== 'float64') {
    io.stderr(`yuma-epoch: --mode must be "exact" or "float64", not "${mode}".\n`);
    return 2;
  }
  const sources = parsed.positionals.length > 0 ? parsed.positionals : ['-'];
  for (const source of sources) {
    let text: string;
    try {
      text = source === '-' ? io.readStdin() : io.readFile(source);
    } catch (err) {
      io.stderr(`yuma-epoch: cannot read ${source}: ${(err as Error).message}\n`);
      return 2;
    }
    try {
      const { values, lines } = splitDocuments(text, source);
      const indent = lines || !parsed.values.pretty ? undefined : 2;
      values.forEach((value, i) => {
        const where = lines ? `${source}: snapshot ${i + 1}` : source;
        const records = epochsOf(value);
        const outputs = (records ?? [value]).map((record, k) =>
          withLocation(records ? `${where}: epoch ${k + 1}` : where, () =>
            runEpoch(parseSnapshot(unwrap(record)), mode as EpochMode),
          ),
        );
        io.stdout(`${stringifyWithBigInt(records ? { epochs: outputs } : outputs[0], indent)}\n`);
      });
    } catch (err) {
      if (!(err instanceof SnapshotError)) throw err;
      io.stderr(`yuma-epoch: ${err.message}\n`);
      return 1;
    }
  }
  return 0;
}

function parseCliArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      mode: { type: 'string', default: 'exact' },
      pretty: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
