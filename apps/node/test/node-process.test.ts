import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RpcChainClient } from '@subnetkit/chain/rpc';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const BIN = fileURLToPath(new URL('../bin/subnetkit-node.js', import.meta.url));

interface LogLine {
  msg: string;
  [field: string]: unknown;
}

/** The node process, its JSON log lines as they come, and its exit. */
class NodeProcess {
  readonly lines: LogLine[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';
  readonly #child: ChildProcess;
  #waiters: (() => void)[] = [];

  constructor(args: string[]) {
    this.#child = spawn(process.execPath, [BIN, ...args, '--logging.json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      try {
        this.lines.push(JSON.parse(line) as LogLine);
      } catch {
        this.lines.push({ msg: line });
      }
      for (const w of this.#waiters.splice(0)) w();
    });
    this.#child.stderr!.on('data', (chunk) => {
      this.stderr += String(chunk);
    });
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
  }

  /** The first log line whose message starts with `msg`. */
  async line(msg: string, timeoutMs = 60_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find((l) => l.msg.startsWith(msg));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no "${msg}" line; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }
}

const running: NodeProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const p of running.splice(0)) {
    p.signal('SIGKILL');
    await p.exited;
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(args: string[]): NodeProcess {
  const p = new NodeProcess(args);
  running.push(p);
  return p;
}

async function post(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return ((await res.json()) as { result: unknown }).result;
}

describe('subnetkit-node', () => {
  it('serves HTTP and WebSocket, stops cleanly on SIGTERM and resumes at the same head', async () => {
    const basePath = mkdtempSync(join(tmpdir(), 'subnetkit-node-'));
    dirs.push(basePath);
    const first = start(['--dev', '--base-path', basePath, '--block-time', '100ms', '--rpc-port', '0']);
    const ready = await first.line('node ready');
    const http = ready.http as string;
    expect(ready.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(await post(http, 'system_health')).toEqual({ peers: 0, isSyncing: false, shouldHavePeers: false });
    expect(await post(http, 'system_chain')).toBe('subnetkit-dev');

    // A raw WebSocket subscription, then the typed client over the same port.
    const ws = new WebSocket(ready.ws as string);
    const notifications: { method: string; params: { result: { number: number } } }[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.method) notifications.push(message);
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_subscribeNewHeads', params: [] }));
    const client = await RpcChainClient.connect(ready.ws as string);
    const heads: number[] = [];
    await client.subscribeHeads((h) => heads.push(h.number));
    await first.line('block committed');
    while (heads.length < 2 || notifications.length < 2) await new Promise((r) => setTimeout(r, 20));
    expect(notifications[0]!.method).toBe('chain_newHead');
    expect(heads[1]).toBe(heads[0]! + 1);

    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    first.signal('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(await closed).toBe(1001);
    await client.close();
    const stopped = await first.line('chain stopped');

    const second = start(['--base-path', basePath, '--rpc-port', '0', '--block-time', '60s']);
    const resumed = await second.line('chain resumed');
    expect({ block: resumed.block, hash: resumed.hash }).toEqual({
      block: stopped.block,
      hash: stopped.hash,
    });
    const again = await second.line('node ready');
    expect(await post(again.http as string, 'chain_getHeader')).toMatchObject({
      number: stopped.block,
      hash: stopped.hash,
    });
    expect(await post(again.http as string, 'system_chain')).toBe('subnetkit');
    second.signal('SIGINT');
    expect(await second.exited).toBe(0);
  }, 120_000);

  it('exits 2 with one clear line when there is no chain to run', async () => {
    const p = start([]);
    const missing = start(['--base-path', join(tmpdir(), 'subnetkit-no-such-chain')]);
    expect(await p.exited).toBe(2);
    expect(p.stderr).toMatch(/no chain to run: pass --dev .* or --base-path DIR/);
    expect(await missing.exited).toBe(2);
    expect(missing.stderr).toMatch(/no chain at .*: start one there with --dev --base-path/);
  }, 90_000);
});
