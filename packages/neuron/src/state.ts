/**
 * A validator's state on disk (the template's `state.npz`: step, scores, hotkeys) as JSON, written
 * atomically: a temporary file in the same folder, flushed, then renamed over the old one, so a
 * crash or a full disk leaves the previous state whole, never half a file.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const STATE_FILE = 'state.json';

export const ValidatorStateSchema = Type.Object({
  version: Type.Literal(1),
  netuid: Type.Integer({ minimum: 0, maximum: 65535 }),
  step: Type.Integer({ minimum: 0 }),
  /** The block of the last weights this validator got on chain; 0 if none. */
  lastWeightsBlock: Type.Integer({ minimum: 0 }),
  scores: Type.Array(Type.Number({ minimum: 0 })),
  hotkeys: Type.Array(Type.String()),
});

export type ValidatorState = Static<typeof ValidatorStateSchema>;

export function saveState(path: string, state: ValidatorState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(state)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    // A full disk fails the write, not only the rename: leave no half-written file behind.
    rmSync(temporary, { force: true });
    throw error;
  }
}

export type LoadedState =
  | { readonly status: 'loaded'; readonly state: ValidatorState }
  | { readonly status: 'missing' }
  | { readonly status: 'invalid'; readonly problem: string };

/** Reads a saved state; a missing or unreadable one is reported, not thrown, so a validator can start fresh. */
export function loadState(path: string): LoadedState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'invalid', problem: (error as Error).message };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { status: 'invalid', problem: `not JSON: ${(error as Error).message}` };
  }
  if (!Value.Check(ValidatorStateSchema, value)) {
    const first = [...Value.Errors(ValidatorStateSchema, value)][0];
    return { status: 'invalid', problem: `${first?.path || '(root)'} ${first?.message ?? 'is invalid'}` };
  }
  if (value.scores.length !== value.hotkeys.length) {
    return {
      status: 'invalid',
      problem: `${value.scores.length} scores but ${value.hotkeys.length} hotkeys`,
    };
  }
  return { status: 'loaded', state: value };
}
