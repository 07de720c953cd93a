/**
 * What every benchmark of the repository does with its figures: describe the machine, take
 * percentiles, and write `bench/results/<name>.json` (the rows, for scripts) and `<name>.md` (a
 * machine line, notes and a table, for the READMEs). Only benchmarks import it
 * (`@subnetkit/core/bench`), never runtime code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** `bench/results/` at the repository root, where every benchmark writes. */
export const BENCH_RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

export interface MachineOptions {
  /** Add the 1-minute load average, read now, to the cores: for benchmarks that load the machine. */
  loadAverage?: boolean;
  /** Hardware after the CPU (`GPU NVIDIA H200, driver 570.133.20`). */
  hardware?: readonly string[];
  /** Software after Node's version (`onnxruntime-node 1.30.0`, `device cuda`). */
  software?: readonly string[];
}

/** `AMD EPYC (2 cores), Node v20.20.2`, with what `options` adds. */
export function machineDescription(options: MachineOptions = {}): string {
  const cpus = os.cpus();
  const load = options.loadAverage ? `, load average ${os.loadavg()[0]?.toFixed(1) ?? '?'} at the end` : '';
  return [
    `${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} cores${load})`,
    ...(options.hardware ?? []),
    `Node ${process.version}`,
    ...(options.software ?? []),
  ].join(', ');
}

/**
 * The nearest-rank `p` quantile (0 ≤ p ≤ 1) of `values`: `percentile(xs, 0.5)` is the median
 * (the upper one of an even count), `percentile(xs, 0)` the minimum; NaN when there are none.
 */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

/** `value` with `digits` decimals, as a number (so it prints without trailing zeros). */
export function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}

export interface BenchResults {
  /** One object a table row; the first row's keys are the columns, in order. */
  rows: readonly object[];
  /** Markdown lines between the machine line and the table. */
  notes?: readonly string[];
  /** Said on the machine line, after it (`SQLite WAL, synchronous = FULL`). */
  conditions?: string;
  /** More fields of the JSON file, after the rows. */
  extra?: Readonly<Record<string, unknown>>;
  /** Default `machineDescription()`. */
  machine?: string;
  /** A shortened run (`--quick`), marked as one. Default: `--quick` among the arguments. */
  quick?: boolean;
  /** Default `BENCH_RESULTS_DIR`. */
  dir?: string;
}

/** The Markdown file: machine line, notes, and the rows as a table. */
export function benchMarkdown(results: BenchResults & { machine: string; quick: boolean }): string {
  const { rows, notes = [], conditions } = results;
  const header = Object.keys(rows[0] ?? {});
  return [
    `Machine: ${results.machine}${results.quick ? ' (quick run)' : ''}${conditions ? `; ${conditions}` : ''}`,
    '',
    ...(notes.length > 0 ? [...notes, ''] : []),
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${header.map((h) => (row as Record<string, unknown>)[h]).join(' | ')} |`),
    '',
  ].join('\n');
}

/**
 * Prints the rows as a table and writes `<dir>/<name>.json` and `<dir>/<name>.md`; returns the
 * two paths.
 */
export function writeBenchResults(name: string, results: BenchResults): { json: string; md: string } {
  const machine = results.machine ?? machineDescription();
  const quick = results.quick ?? process.argv.includes('--quick');
  const dir = results.dir ?? BENCH_RESULTS_DIR;
  const json = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    json,
    `${JSON.stringify({ date: new Date().toISOString(), machine, quick, rows: results.rows, ...results.extra }, null, 2)}\n`,
  );
  writeFileSync(md, benchMarkdown({ ...results, machine, quick }));
  console.table(results.rows);
  console.log(`written: ${relative(REPO_ROOT, json)}, ${relative(REPO_ROOT, md)}`);
  return { json, md };
}
