import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadState, saveState, type ValidatorState } from './state';

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'neuron-state-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const state: ValidatorState = {
  version: 1,
  netuid: 3,
  step: 12,
  lastWeightsBlock: 345,
  scores: [0, 0.25, 0.125],
  hotkeys: ['a', 'b', 'c'],
};

describe('validator state file', () => {
  it('round-trips exactly, creating folders and leaving no temporary file', () => {
    const path = join(scratch(), 'deep', 'er', 'state.json');
    saveState(path, state);
    expect(loadState(path)).toEqual({ status: 'loaded', state });
    expect(readdirSync(join(path, '..'))).toEqual(['state.json']);
    saveState(path, { ...state, step: 13 });
    expect(loadState(path)).toMatchObject({ status: 'loaded', state: { step: 13 } });
  });

  it('reports missing, unparsable and malformed files instead of throwing', () => {
    const dir = scratch();
    expect(loadState(join(dir, 'none.json'))).toEqual({ status: 'missing' });
    const path = join(dir, 'state.json');
    writeFileSync(path, '{"version": 1, "step": ');
    expect(loadState(path)).toMatchObject({ status: 'invalid' });
    writeFileSync(path, JSON.stringify({ ...state, scores: [-1, 0, 0] }));
    expect(loadState(path)).toMatchObject({ status: 'invalid' });
    writeFileSync(path, JSON.stringify({ ...state, scores: [0] }));
    expect(loadState(path)).toMatchObject({ status: 'invalid', problem: '1 scores but 3 hotkeys' });
  });

  // The temporary file is a link to /dev/full, so the write fails as on a full disk.
  it.skipIf(!existsSync('/dev/full'))(
    'leaves the old state and no temporary file when the write fails',
    () => {
      const dir = scratch();
      const path = join(dir, 'state.json');
      saveState(path, state);
      symlinkSync('/dev/full', `${path}.${process.pid}.tmp`);
      expect(() => saveState(path, { ...state, step: 13 })).toThrow(/ENOSPC/);
      expect(readdirSync(dir)).toEqual(['state.json']);
      expect(loadState(path)).toEqual({ status: 'loaded', state });
    },
  );

  it('writes JSON a person can read', () => {
    const path = join(scratch(), 'state.json');
    saveState(path, state);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(state);
  });
});
