/**
 * A node in a child process, killed without warning at random moments and restarted on the same
 * base path: after every kill the database opens, its blocks chain, the supply reconciles, and the
 * stored state is exactly the state of the last committed block (a replay of the stored blocks
 * reproduces it). Then a SIGTERM stops it cleanly with its last block committed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { seededRng } from '@subnetkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { headerHash, supplyReport } from '../src/block';
import { encodeRecord } from '../src/codec';
import { DB_FILE } from '../src/node/chain-node';
import { ChainStore } from '../src/store/chain-store';
import { replayChain } from '../src/store/replay';

const BLOCK_TIME_MS = 20;
/** More kills for a soak run: SUBNETKIT_RESTART_ROUNDS=30 npx vitest run test/restart.test.ts */
const ROUNDS = Number(process.env.SUBNETKIT_RESTART_ROUNDS ?? 3);
const FIXTURE = new URL('./fixtures/node-process.ts', import.meta.url).pathname;
const basePath = mkdtempSync(join(tmpdir(), 'chain-restart-'));
afterAll(() => rmSync(basePath, { recursive: true, force: true }));

interface RunningNode {
  child: ChildProcess;
  /** The last line the node printed, and the last block it reported committed. */
  last: { line: string; block: number };
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startNode(): RunningNode {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, basePath, String(BLOCK_TIME_MS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const last = { line: '', block: -1 };
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    last.line = line;
    const committed = /^block (\d+) /.exec(line);
    if (committed) last.block = Number(committed[1]);
    for (const w of [...waiters]) {
      const match = w.pattern.exec(line);
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    last,
    exited,
    waitFor: (pattern) => new Promise((resolve) => waiters.push({ pattern, resolve })),
  };
}

/** Everything a restart relies on, checked on the database as the killed node left it. */
function checkStore(lastReported: number): number {
  const store = ChainStore.open(join(basePath, DB_FILE));
  try {
    const blocks = store.blocksRange(0, Number.MAX_SAFE_INTEGER);
    const head = blocks.at(-1)!;
    // Lost at most the block in progress: every block the node reported is there.
    expect(head.header.number).toBeGreaterThanOrEqual(lastReported);
    blocks.forEach((block, i) => {
      expect(block.header.number).toBe(i);
      if (i === 0) return;
      expect(block.header.parentHash).toBe(blocks[i - 1]!.hash);
      expect(headerHash(block.header)).toBe(block.hash);
    });
    const state = store.loadState();
    expect(supplyReport(state).balanced).toBe(true);
    expect(encodeRecord(replayChain(store))).toBe(encodeRecord(state));
    return head.header.number;
  } finally {
    store.close();
  }
}

describe('a node process', () => {
  it('killed with SIGKILL at random moments resumes at its last committed block', {
    timeout: ROUNDS * 12_000,
  }, async () => {
    const random = seededRng(2024); // the same "random" kill moments on every run
    let height = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const node = startNode();
      await node.waitFor(/^ready (\d+)/);
      // From "just opened" to a few dozen blocks later.
      await new Promise((r) => setTimeout(r, 50 + random() * 400));
      node.child.kill('SIGKILL');
      expect(await node.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const stored = checkStore(node.last.block);
      expect(stored).toBeGreaterThanOrEqual(height);
      height = stored;
    }
    expect(height).toBeGreaterThan(5);
  });

  it('stopped with SIGTERM commits its last block and exits 0', async () => {
    const node = startNode();
    const [, resumedAt] = await node.waitFor(/^ready (\d+)/);
    await node.waitFor(new RegExp(`^block ${Number(resumedAt) + 5} `));
    node.child.kill('SIGTERM');
    const [, stoppedAt, hash] = await node.waitFor(/^stopped (\d+) (0x[0-9a-f]+)/);
    expect(await node.exited).toEqual({ code: 0, signal: null });
    expect(checkStore(Number(stoppedAt))).toBe(Number(stoppedAt));
    const store = ChainStore.open(join(basePath, DB_FILE), { readonly: true });
    expect(store.head().hash).toBe(hash);
    store.close();
  }, 90_000);
});
