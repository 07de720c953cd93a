import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CliIo, main } from './yuma-epoch';

const samples = JSON.parse(
  readFileSync(new URL('../../test/samples/small_hand_checkable.json', import.meta.url), 'utf8'),
) as { epochs: { input: Record<string, unknown>; expected: { fixed: Record<string, unknown> } }[] };

function run(argv: string[], files: Record<string, string> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error('ENOENT: no such file');
      return text;
    },
    readStdin: () => stdin,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  };
  const code = main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('yuma-epoch CLI', () => {
  it('prints one outputs document for one snapshot document', () => {
    const [first] = samples.epochs;
    const { code, stdout } = run(['snap.json'], { 'snap.json': JSON.stringify(first!.input) });
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.incentive).toEqual(first!.expected.fixed.incentive);
    expect(out.server_emission).toEqual(first!.expected.fixed.server_emission);
  });

  it('reads JSON Lines from stdin and prints JSON Lines, one per snapshot', () => {
    const stdin = samples.epochs.map((e) => JSON.stringify(e.input)).join('\n');
    const { code, stdout } = run(['--mode', 'float64'], {}, stdin);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(samples.epochs.length);
    expect(JSON.parse(lines[4]!).consensus).toEqual([0, 0, 0, 0.5, 0.5]);
  });

  it('accepts a sample record {"input": …}', () => {
    const { code, stdout } = run(['-'], {}, JSON.stringify(samples.epochs[2]));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).dividends).toEqual(samples.epochs[2]!.expected.fixed.dividends);
  });

  it('runs a whole samples file {"epochs": […]} and prints {"epochs": [outputs…]}', () => {
    const { code, stdout } = run(['samples.json'], { 'samples.json': JSON.stringify(samples) });
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { epochs: { dividends: number[] }[] };
    expect(out.epochs.map((e) => e.dividends)).toEqual(samples.epochs.map((e) => e.expected.fixed.dividends));
  });

  it('writes rao values beyond 2^53 digit for digit', () => {
    const input = { ...samples.epochs[0]!.input, rao_emission: '90000000000000001' };
    const { code, stdout } = run([], {}, JSON.stringify(input));
    expect(code).toBe(0);
    // normalized_server_emission[2] is exactly 0.34375 in I32F32.
    expect(stdout).toContain('"server_emission":[0,0,30937500000000000,');
  });

  it('names the bad field and exits 1 for an invalid snapshot', () => {
    const input = { ...samples.epochs[0]!.input, last_update: [1, 2] };
    const { code, stderr } = run([], {}, JSON.stringify(input));
    expect(code).toBe(1);
    expect(stderr).toContain('last_update has 2 entries but n is 4');
  });

  it('names the line of a broken JSON Lines input', () => {
    const { code, stderr } = run(['in.jsonl'], {
      'in.jsonl': `${JSON.stringify(samples.epochs[0]!.input)}\n{oops\n`,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('in.jsonl:2: not valid JSON');
  });

  it('exits 2 on a bad mode, an unknown flag or an unreadable file', () => {
    expect(run(['--mode', 'fast']).code).toBe(2);
    expect(run(['--frobnicate']).code).toBe(2);
    expect(run(['missing.json']).stderr).toContain('cannot read missing.json');
  });
});
