import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { benchMarkdown, machineDescription, percentile, round, writeBenchResults } from './bench';

describe('percentile', () => {
  it('takes the nearest rank, whatever the order of the values', () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 0.5)).toBe(3);
    expect(percentile(values, 0.9)).toBe(5);
    expect(percentile(values, 1)).toBe(5);
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it('gives the upper median of an even count, and NaN for no values', () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(3);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('round', () => {
  it('keeps the digits asked for, one by default', () => {
    expect(round(2.345)).toBe(2.3);
    expect(round(2.3456, 3)).toBe(2.346);
    expect(round(7, 2)).toBe(7);
  });
});

describe('machineDescription', () => {
  it('names the CPU, its cores and Node, with hardware and software where given', () => {
    const cores = os.cpus().length;
    expect(machineDescription()).toMatch(new RegExp(`^.+ \\(${cores} cores\\), Node ${process.version}$`));
    expect(machineDescription({ loadAverage: true })).toMatch(
      new RegExp(`\\(${cores} cores, load average \\d+\\.\\d at the end\\), Node `),
    );
    expect(
      machineDescription({ hardware: ['GPU X'], software: ['onnxruntime-node 1.0.0', 'device cuda'] }),
    ).toMatch(
      new RegExp(
        `\\(${cores} cores\\), GPU X, Node ${process.version}, onnxruntime-node 1\\.0\\.0, device cuda$`,
      ),
    );
  });
});

describe('benchMarkdown', () => {
  const rows = [
    { block: 'transfers', runs: 7, 'median ms': 6.8 },
    { block: 'epoch', runs: 7, 'median ms': 41.6 },
  ];

  it('writes the machine line, then the table of the rows in the first row’s column order', () => {
    expect(benchMarkdown({ rows, machine: 'CPU (2 cores), Node v20', quick: false })).toBe(
      [
        'Machine: CPU (2 cores), Node v20',
        '',
        '| block | runs | median ms |',
        '| --- | --- | --- |',
        '| transfers | 7 | 6.8 |',
        '| epoch | 7 | 41.6 |',
        '',
      ].join('\n'),
    );
  });

  it('marks a quick run, says the conditions on the machine line and puts notes before the table', () => {
    const md = benchMarkdown({
      rows,
      machine: 'CPU',
      quick: true,
      conditions: 'SQLite WAL',
      notes: ['first note', 'second note'],
    });
    expect(md.split('\n').slice(0, 6)).toEqual([
      'Machine: CPU (quick run); SQLite WAL',
      '',
      'first note',
      'second note',
      '',
      '| block | runs | median ms |',
    ]);
  });
});

describe('writeBenchResults', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-results-'));
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes <name>.json with the rows and the extra fields, and <name>.md', () => {
    vi.spyOn(console, 'table').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const rows = [{ figure: 'requests/s', value: 12.5, unit: 'req/s' }];
    try {
      const written = writeBenchResults('example', {
        rows,
        extra: { load: { requests: 100 } },
        machine: 'CPU',
        quick: false,
        dir,
      });
      expect(written).toEqual({ json: join(dir, 'example.json'), md: join(dir, 'example.md') });
      const json = JSON.parse(readFileSync(written.json, 'utf8'));
      expect(Object.keys(json)).toEqual(['date', 'machine', 'quick', 'rows', 'load']);
      expect(json).toMatchObject({ machine: 'CPU', quick: false, rows, load: { requests: 100 } });
      expect(new Date(json.date).getTime()).not.toBeNaN();
      expect(readFileSync(written.md, 'utf8')).toBe(benchMarkdown({ rows, machine: 'CPU', quick: false }));
      expect(log).toHaveBeenCalledWith(expect.stringContaining('example.json'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
