/**
 * The server side of the benchmark, in its own process so the load generator does not share its
 * CPU: `axon` (Dummy behind the full pipeline) or `fastify` (a bare route doing the same work
 * without the protocol). Prints `{"benchPort":N}` once listening; exits on SIGTERM.
 */
import { createLogger, cryptoReady } from '@subnetkit/core';
import Fastify from 'fastify';
import { Axon } from '../src/axon';
import { bob, Dummy } from '../test/fixtures';

const mode = process.argv[2];
const logger = createLogger({ level: process.env.BENCH_LOG ? 'debug' : 'silent', json: true });

async function startAxon(): Promise<{ port: number; close(): Promise<void> }> {
  await cryptoReady();
  const axon = new Axon({ hotkey: bob, logger });
  axon.attach(Dummy, { forward: (input) => ({ dummy_output: input.dummy_input * 2 }) });
  const port = await axon.listen({ host: '127.0.0.1', port: 0 });
  return { port, close: () => axon.close() };
}

async function startFastify(): Promise<{ port: number; close(): Promise<void> }> {
  const app = Fastify();
  app.post('/Dummy', async (request) => {
    const body = request.body as { dummy_input: number };
    return { ...body, dummy_output: body.dummy_input * 2 };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { port, close: () => app.close() };
}

const server = mode === 'axon' ? await startAxon() : mode === 'fastify' ? await startFastify() : undefined;
if (server === undefined) {
  console.error('usage: tsx bench/server.ts axon|fastify');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify({ benchPort: server.port })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
