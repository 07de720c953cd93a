import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cryptoReady } from '@subnetkit/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alice, BOB, bob, Dummy, silentLogger, sleep, Words } from '../test/fixtures';
import { Axon } from './axon';
import { Dendrite } from './dendrite';

beforeAll(cryptoReady);

const open: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()));
});

function dendrite(options: { maxConcurrent?: number } = {}): Dendrite {
  const client = new Dendrite({ keypair: alice, logger: silentLogger, ...options });
  open.push(client);
  return client;
}

/** A plain HTTP server, to answer what no axon would. */
async function rawServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return { server, port: (server.address() as AddressInfo).port };
}

async function freePort(): Promise<number> {
  const { server, port } = await rawServer(() => undefined);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Dendrite failures as status codes, never throws', () => {
  it('503 when nothing listens', async () => {
    const port = await freePort();
    const result = await dendrite().call({ ip: '127.0.0.1', port, hotkey: BOB }, Dummy, { dummy_input: 1 });
    expect(result).toMatchObject({
      isSuccess: false,
      statusCode: 503,
      statusMessage: `Service unavailable at 127.0.0.1:${port}/Dummy`,
      response: undefined,
    });
  });

  it('408 when the axon does not answer within the timeout, and no later', async () => {
    const { port } = await rawServer(() => undefined);
    const started = performance.now();
    const result = await dendrite().call(
      { ip: '127.0.0.1', port, hotkey: BOB },
      Dummy,
      { dummy_input: 1 },
      { timeout: 0.25 },
    );
    expect(result).toMatchObject({
      statusCode: 408,
      statusMessage: 'Request timeout after 0.25 seconds',
      isTimeout: true,
    });
    expect(result.dendrite.status_code).toBe(408);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('422 when the answer is not the synapse', async () => {
    const { port } = await rawServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>hello</h1>');
    });
    const result = await dendrite().call({ ip: '127.0.0.1', port, hotkey: BOB }, Dummy, { dummy_input: 1 });
    expect(result.statusCode).toBe(422);
    expect(result.statusMessage).toMatch(/^Failed to parse response: /);
  });

  it('503 when the axon hangs up mid-answer', async () => {
    const { port } = await rawServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"dummy');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const result = await dendrite().call({ ip: '127.0.0.1', port, hotkey: BOB }, Dummy, { dummy_input: 1 });
    expect(result.statusCode).toBe(503);
  });

  it('400 for an input the synapse does not accept, before sending anything', async () => {
    let requests = 0;
    const { port } = await rawServer((_request, response) => {
      requests++;
      response.end();
    });
    const result = await dendrite().call({ ip: '127.0.0.1', port, hotkey: BOB }, Dummy, {
      dummy_input: 'four' as unknown as number,
    });
    expect(result.statusCode).toBe(400);
    expect(result.statusMessage).toMatch(/^Invalid request: \/dummy_input: /);
    expect(requests).toBe(0);
  });

  it('499 when the caller cancels, 500 when the dendrite is closed', async () => {
    const { port } = await rawServer(() => undefined);
    const client = dendrite();
    const target = { ip: '127.0.0.1', port, hotkey: BOB };
    const controller = new AbortController();
    const cancelled = client.call(target, Dummy, { dummy_input: 1 }, { signal: controller.signal });
    const closed = client.call(target, Dummy, { dummy_input: 1 });
    await sleep(50);
    controller.abort();
    expect((await cancelled).statusCode).toBe(499);
    await client.close();
    expect((await closed).statusMessage).toBe('Client error: the dendrite was closed');
  });

  it('cancels a whole forward through one signal, without a listener per target on it', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { port } = await rawServer(() => undefined);
      const controller = new AbortController();
      const targets = Array.from({ length: 50 }, () => ({ ip: '127.0.0.1', port, hotkey: BOB }));
      const forward = dendrite().forward(targets, Dummy, { dummy_input: 1 }, { signal: controller.signal });
      await sleep(50);
      controller.abort();
      const results = await forward;
      expect(results.map((result) => result.statusCode)).toEqual(targets.map(() => 499));
      await sleep(10);
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('Dendrite connections', () => {
  it('keeps connections alive between calls to one axon', async () => {
    const sockets = new Set<unknown>();
    const axon = new Axon({ hotkey: bob, logger: silentLogger });
    axon.attach(Dummy, { forward: (input) => ({ dummy_output: input.dummy_input }) });
    axon.server.addHook('onRequest', (request, _reply, done) => {
      sockets.add(request.raw.socket);
      done();
    });
    const port = await axon.listen({ host: '127.0.0.1', port: 0 });
    open.push(axon);
    const client = dendrite();
    for (let i = 0; i < 10; i++) {
      const result = await client.call({ ip: '127.0.0.1', port, hotkey: BOB }, Dummy, { dummy_input: i });
      expect(result.isSuccess && result.response.dummy_output).toBe(i);
    }
    // undici may open a second connection while the first finishes its response; no more.
    expect(sockets.size).toBeLessThanOrEqual(2);
  });

  it('runs at most maxConcurrent calls at once and returns results in target order', async () => {
    let inFlight = 0;
    let peak = 0;
    const { port } = await rawServer((request, response) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      request.resume();
      setTimeout(() => {
        inFlight--;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ dummy_output: Number(request.url?.length) }));
      }, 30);
    });
    const client = dendrite({ maxConcurrent: 3 });
    const targets = Array.from({ length: 10 }, () => ({ ip: '127.0.0.1', port, hotkey: BOB }));
    const results = await client.forward(targets, Dummy, { dummy_input: 1 });
    expect(results).toHaveLength(10);
    expect(results.every((result) => result.statusCode === 200)).toBe(true);
    expect(peak).toBe(3);
  });
});

describe('Dendrite streaming', () => {
  it('reports a refused stream through its result, with no chunks', async () => {
    const port = await freePort();
    const call = dendrite().stream({ ip: '127.0.0.1', port, hotkey: BOB }, Words, { count: 3 });
    const chunks: string[] = [];
    for await (const chunk of call) chunks.push(chunk);
    expect(chunks).toEqual([]);
    expect(await call.result).toMatchObject({ statusCode: 503, isSuccess: false });
  });

  it('decodes UTF-8 split across chunks', async () => {
    const { port } = await rawServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/event-stream', bt_header_axon_status_code: '200' });
      const bytes = Buffer.from('héllo ✓', 'utf8');
      response.write(bytes.subarray(0, 2));
      setTimeout(() => response.end(bytes.subarray(2)), 10);
    });
    const call = dendrite().stream({ ip: '127.0.0.1', port, hotkey: BOB }, Words, { count: 1 });
    let text = '';
    for await (const chunk of call) text += chunk;
    expect(text).toBe('héllo ✓');
    expect((await call.result).isSuccess).toBe(true);
  });

  it('stops the request when the consumer stops reading', async () => {
    let closed = false;
    const { port } = await rawServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const timer = setInterval(() => response.write('tick\n'), 5);
      response.on('close', () => {
        closed = true;
        clearInterval(timer);
      });
    });
    const call = dendrite().stream({ ip: '127.0.0.1', port, hotkey: BOB }, Words, { count: 1 });
    for await (const _ of call) break;
    expect((await call.result).statusCode).toBe(200);
    await sleep(50);
    expect(closed).toBe(true);
  });
});
