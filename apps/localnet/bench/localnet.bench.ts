/**
 * The local network's figures, measured the way a user meets them: `npm start` in a child process
 * (turbo underneath), with its defaults (1 s blocks, tempo 20, three miners on the forged model):
 *  - seconds from `npm start` to the first set_weights on chain (and to the first epoch paying miners);
 *  - the validator's step latency (challenge, reference, queries, scoring), from its own log lines;
 *  - one miner's requests per second under concurrent signed TextGeneration requests (batched).
 *
 * Usage: npm run bench -w @subnetkit/localnet [-- --quick]
 * Writes bench/results/localnet-text-generation.{json,md} at the repository root.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createLogger, cryptoReady, Wallet } from '@subnetkit/core';
import { percentile, round, writeBenchResults } from '@subnetkit/core/bench';
import { Dendrite } from '@subnetkit/protocol';
import { makeChallenge, TextGeneration } from '@subnetkit/subnet-text-generation';
import { REPO_ROOT } from '../src/localnet';
import { freePort } from '../src/ports';

const quick = process.argv.includes('--quick');
const LOAD_SECONDS = quick ? 5 : 15;
const CONCURRENCY = 16;
const STEP_SAMPLES = quick ? 5 : 20;

interface Watch {
  firstWeightsS?: number;
  firstPaidEpochS?: number;
  stepMs: number[];
  lines: string[];
}

function startNetwork(
  basePath: string,
  rpcPort: number,
  axonPort: number,
): { child: ChildProcess; watch: Watch } {
  const started = performance.now();
  const watch: Watch = { stepMs: [], lines: [] };
  const child = spawn(
    'npm',
    [
      'start',
      '--',
      `--base-path=${basePath}`,
      `--rpc-port=${rpcPort}`,
      `--axon-port=${axonPort}`,
      '--device=cpu',
    ],
    // Its own process group, so the end can be a Ctrl-C: SIGINT to every process of the group.
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
      detached: true,
    },
  );
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      const seconds = (performance.now() - started) / 1000;
      watch.lines.push(line);
      if (watch.firstWeightsS === undefined && line.includes('first set_weights'))
        watch.firstWeightsS = seconds;
      if (watch.firstPaidEpochS === undefined && /epoch paid .*incentive=τ[1-9]/.test(line)) {
        watch.firstPaidEpochS = seconds;
      }
      const step = /\[text-generation\/validator-1\] step scored .* ms=(\d+(?:\.\d+)?)/.exec(line);
      if (step) watch.stepMs.push(Number(step[1]));
    });
  }
  return { child, watch };
}

async function until(done: () => boolean, timeoutMs: number, what: string, watch: Watch): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}\n${watch.lines.slice(-30).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Signed TextGeneration requests from the validator's hotkey to one miner, CONCURRENCY at a time. */
async function loadMiner(basePath: string, axonPort: number, minerHotkey: string) {
  const hotkey = await new Wallet({
    name: 'text-generation-validator-1',
    hotkey: 'default',
    path: join(basePath, 'wallets'),
  }).getHotkey();
  const dendrite = new Dendrite({ keypair: hotkey, logger: createLogger({ level: 'silent' }) });
  const target = { ip: '127.0.0.1', port: axonPort, hotkey: minerHotkey };
  const latencies: number[] = [];
  const failures = new Map<number, number>();
  const deadline = performance.now() + LOAD_SECONDS * 1000;
  let seed = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const result = await dendrite.call(target, TextGeneration, makeChallenge(seed++).request, {
        timeout: 12,
      });
      if (result.isSuccess) latencies.push(performance.now() - started);
      else failures.set(result.statusCode, (failures.get(result.statusCode) ?? 0) + 1);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  await dendrite.close();
  return {
    requests: latencies.length,
    'requests/s': round(latencies.length / seconds),
    'p50 ms': round(percentile(latencies, 0.5)),
    'p99 ms': round(percentile(latencies, 0.99)),
    failed: [...failures.values()].reduce((a, b) => a + b, 0),
    'failure codes': [...failures.entries()].map(([code, n]) => `${code}×${n}`).join(' '),
  };
}

async function main(): Promise<void> {
  await cryptoReady();
  const basePath = mkdtempSync(join(os.tmpdir(), 'localnet-bench-'));
  const rpcPort = await freePort();
  const axonPort = await freePort();
  const { child, watch } = startNetwork(basePath, rpcPort, axonPort);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await until(() => watch.firstPaidEpochS !== undefined, 240_000, 'the first epoch paying miners', watch);
    await until(() => watch.stepMs.length >= STEP_SAMPLES, 240_000, `${STEP_SAMPLES} validator steps`, watch);
    const summaryLine = watch.lines.find(
      (l) => l.includes('miner-1 ') && l.includes(`axon 127.0.0.1:${axonPort}`),
    );
    const minerHotkey = /hotkey (\w+)/.exec(summaryLine ?? '')?.[1];
    if (!minerHotkey) throw new Error('could not read miner-1 hotkey from the summary');
    const load = await loadMiner(basePath, axonPort, minerHotkey);

    const rows = [
      { figure: 'npm start → first set_weights on chain', value: round(watch.firstWeightsS!), unit: 's' },
      { figure: 'npm start → first epoch paying miners', value: round(watch.firstPaidEpochS!), unit: 's' },
      {
        figure: `validator step latency p50 (${watch.stepMs.length} steps, 3 miners)`,
        value: round(percentile(watch.stepMs, 0.5)),
        unit: 'ms',
      },
      { figure: 'validator step latency p90', value: round(percentile(watch.stepMs, 0.9)), unit: 'ms' },
      {
        figure: `miner requests/s (${CONCURRENCY} concurrent signed requests, ${LOAD_SECONDS} s, 32 new tokens)`,
        value: load['requests/s'],
        unit: 'req/s',
      },
      { figure: 'miner request latency p50 under that load', value: load['p50 ms'], unit: 'ms' },
      { figure: 'miner request latency p99 under that load', value: load['p99 ms'], unit: 'ms' },
      { figure: 'failed requests under that load', value: load.failed, unit: load['failure codes'] || '-' },
    ];
    writeBenchResults('localnet-text-generation', {
      rows,
      notes: [
        'npm start with its defaults (1 s blocks, tempo 20, 1 validator + 3 miners of text-generation, forged tiny GPT-2,',
        'device cpu); everything (node, 4 neurons, turbo, this load generator) shares the machine.',
      ],
      extra: { load },
      quick,
    });
  } finally {
    const stopping = performance.now();
    process.kill(-child.pid!, 'SIGINT');
    const code = await exited;
    const leftover = watch.lines.filter((l) => l.includes('[localnet] stopped')).length;
    console.log(
      `Ctrl-C → npm start exited with code ${code} after ${round((performance.now() - stopping) / 1000)} s` +
        `${leftover ? ', the local network said "stopped"' : ''}`,
    );
    rmSync(basePath, { recursive: true, force: true });
  }
}

await main();
