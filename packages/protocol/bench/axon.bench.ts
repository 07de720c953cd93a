/**
 * Axon throughput: signed Dummy requests per second through the whole axon pipeline (headers,
 * signature, nonce, queue, body hash, forward, metrics) against a bare fastify route doing the
 * same JSON work, on the same machine, with autocannon. Each server runs in a child process; the
 * load generator signs every axon request afresh (a new nonce each), as a validator would. The
 * middle row sends those signed requests to the bare route: what the generator can produce, so
 * the axon row is known to measure the axon.
 * Usage: npm run bench -w @subnetkit/protocol [-- --quick]
 * Writes bench/results/protocol-axon.{json,md} at the repository root.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cryptoReady } from '@subnetkit/core';
import { machineDescription, writeBenchResults } from '@subnetkit/core/bench';
import autocannon from 'autocannon';
import { NonceSource } from '../src/nonce';
import { prepareRequest } from '../src/request';
import { createSigner } from '../src/signature';
import { PROTOCOL_VERSION } from '../src/terminal-info';
import { alice, BOB, Dummy, FIXED_UUID } from '../test/fixtures';

const quick = process.argv.includes('--quick');
const DURATION_S = quick ? 3 : 10;
const WARMUP_S = quick ? 1 : 3;
const CONNECTIONS = 32;

await cryptoReady();
const signer = createSigner(alice);
const nonces = new NonceSource();

function signedRequest(port: number): { headers: Record<string, string>; body: string } {
  const request = prepareRequest(Dummy, { dummy_input: 4 }, { ip: '127.0.0.1', port, hotkey: BOB }, 12, {
    signer,
    ip: '127.0.0.1',
    version: PROTOCOL_VERSION,
    nonce: nonces.next(),
    uuid: FIXED_UUID,
  });
  return { headers: { ...request.headers, 'content-type': 'application/json' }, body: request.body };
}

async function startServer(mode: 'axon' | 'fastify'): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
      '--import',
      'tsx',
      new URL('./server.ts', import.meta.url).pathname,
      mode,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (!line.startsWith('{"benchPort"')) continue;
    const { benchPort } = JSON.parse(line) as { benchPort: number };
    lines.on('line', (log) => process.env.BENCH_LOG && console.log(log));
    return { child, port: benchPort };
  }
  throw new Error(`${mode} server exited before listening`);
}

async function load(port: number, sign: boolean, seconds: number): Promise<autocannon.Result> {
  const fixed = signedRequest(port);
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/Dummy',
        headers: fixed.headers,
        body: fixed.body,
        // Axon requests each need a fresh nonce, so a fresh signature.
        ...(sign ? { setupRequest: (request) => ({ ...request, ...signedRequest(port) }) } : {}),
      },
    ],
  });
}

const rows: Record<string, string | number>[] = [];
for (const [mode, label] of [
  ['fastify', 'bare fastify route, one fixed request'],
  ['fastify-signed', 'bare fastify route, signed requests (load-generator ceiling)'],
  ['axon', 'axon: signed Dummy, full pipeline'],
] as const) {
  const { child, port } = await startServer(mode === 'fastify-signed' ? 'fastify' : mode);
  let result: autocannon.Result;
  try {
    await load(port, mode !== 'fastify', WARMUP_S);
    result = await load(port, mode !== 'fastify', DURATION_S);
  } finally {
    child.kill('SIGTERM');
  }
  const row = {
    server: label,
    connections: CONNECTIONS,
    seconds: DURATION_S,
    'requests/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    '2xx': result['2xx'],
    'non-2xx': result.non2xx,
    'non-2xx codes': Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${code}×${count ?? 0}`)
      .join(' '),
    errors: result.errors + result.timeouts,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}

writeBenchResults('protocol-axon', {
  rows,
  quick,
  machine: machineDescription({ loadAverage: true }),
  conditions: 'autocannon in the parent process, each server in a child process.',
});
