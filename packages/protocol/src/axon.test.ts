import { cryptoReady } from '@subnetkit/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ALICE,
  alice,
  BOB,
  bob,
  CHARLIE,
  charlie,
  Dummy,
  silentLogger,
  sleep,
  Words,
} from '../test/fixtures';
import { freshNonce, send, sendHeadersOnly, signed } from '../test/http';
import { Axon, type AxonOptions } from './axon';
import { Dendrite } from './dendrite';
import { ProtocolError } from './errors';
import { defineSynapse, Ping } from './synapse';

beforeAll(cryptoReady);

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function start(
  setup: (axon: Axon) => void,
  options: Partial<AxonOptions> = {},
): Promise<{ axon: Axon; port: number }> {
  const axon = new Axon({ hotkey: bob, logger: silentLogger, ...options });
  setup(axon);
  const port = await axon.listen({ host: '127.0.0.1', port: 0 });
  open.push(axon);
  return { axon, port };
}

function dendrite(keypair = alice): Dendrite {
  const client = new Dendrite({ keypair, logger: silentLogger });
  open.push(client);
  return client;
}

const REGISTERED = new Set([ALICE, CHARLIE]);
const STAKE: Record<string, number> = { [ALICE]: 10, [CHARLIE]: 1000 };

describe('Axon serving a synapse', () => {
  it('answers a signed call with the forward’s response and Python’s success headers', async () => {
    const { port } = await start((axon) =>
      axon.attach(Dummy, { forward: (input) => ({ dummy_output: input.dummy_input * 2 }) }),
    );
    const request = signed({ port, axonHotkey: BOB });
    const response = await send(port, '/Dummy', { headers: request.headers, body: request.body });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      name: 'Dummy',
      dummy_input: 4,
      dummy_output: 8,
      computed_body_hash: '',
    });
    expect(response.headers).toMatchObject({
      bt_header_axon_status_code: '200',
      bt_header_axon_status_message: 'Success',
      bt_header_axon_hotkey: BOB,
      bt_header_dendrite_hotkey: ALICE,
      bt_header_dendrite_nonce: String(request.dendrite.nonce),
      bt_header_input_obj_dummy_input: 'MA==',
      computed_body_hash: request.bodyHash,
    });
    // Python never signs a success response (§1.7).
    expect(response.headers.bt_header_axon_signature).toBeUndefined();
  });

  it('serves /Synapse as a ping on every axon', async () => {
    const { axon, port } = await start(() => undefined);
    const result = await dendrite().call({ ip: '127.0.0.1', port, hotkey: axon.hotkey }, Ping, {});
    expect(result.statusCode).toBe(200);
  });

  it('refuses to attach after listening, twice, or over the metrics path', async () => {
    const { axon } = await start((a) => a.attach(Dummy, { forward: () => ({ dummy_output: 0 }) }));
    expect(() => axon.attach(Words, { forward: async function* () {} })).toThrow(ProtocolError);
    const fresh = new Axon({ hotkey: bob, logger: silentLogger });
    fresh.attach(Dummy, { forward: () => ({ dummy_output: 0 }) });
    expect(() => fresh.attach(Dummy, { forward: () => ({ dummy_output: 0 }) })).toThrow(/already attached/);
    const metrics = defineSynapse({ name: 'metrics', request: {} });
    expect(() => fresh.attach(metrics, { forward: () => ({}) })).toThrow(/metrics path/);
  });

  it('announces the external address and takes max_workers from the axon config', async () => {
    const axon = new Axon({
      hotkey: bob,
      logger: silentLogger,
      axon: { ip: '127.0.0.1', port: 9999, external_ip: '203.0.113.7', external_port: 443, max_workers: 3 },
    });
    expect(axon.info()).toEqual({ ip: '203.0.113.7', port: 443, hotkey: BOB, version: 10_002_000 });
    expect(axon.port).toBe(9999);
  });
});

describe('Axon refusing bad input, and serving on', () => {
  let port: number;
  let pings: () => Promise<number>;
  beforeAll(async () => {
    const axon = new Axon({ hotkey: bob, logger: silentLogger, maxBodyBytes: 4096 });
    axon.attach(Dummy, {
      forward: (input) => ({ dummy_output: input.dummy_input * 2 }),
      blacklist: (call) =>
        REGISTERED.has(call.dendrite.hotkey ?? '')
          ? { blacklisted: false }
          : { blacklisted: true, reason: 'Unrecognized hotkey' },
    });
    port = await axon.listen({ host: '127.0.0.1', port: 0 });
    const client = new Dendrite({ keypair: alice, logger: silentLogger });
    pings = async () => (await client.call({ ip: '127.0.0.1', port, hotkey: BOB }, Ping, {})).statusCode;
    return async () => {
      await client.close();
      await axon.close();
    };
  });

  async function expectRefusal(
    request: { headers: Record<string, string>; body?: string; path?: string },
    status: number,
    message: string | RegExp,
  ): Promise<void> {
    const response = await send(port, request.path ?? '/Dummy', request);
    expect(response.status).toBe(status);
    expect(response.json.message).toMatch(message);
    expect(response.headers.bt_header_axon_status_code).toBe(String(status));
    expect(await pings()).toBe(200);
  }

  const base = () => signed({ port, axonHotkey: BOB });

  it('400 for malformed headers', async () => {
    const request = base();
    await expectRefusal(
      { headers: { ...request.headers, bt_header_dendrite_nonce: 'yesterday' }, body: request.body },
      400,
      /^Bad Request: Header bt_header_dendrite_nonce is "yesterday"/,
    );
    await expectRefusal(
      { headers: { ...request.headers, timeout: 'never' }, body: request.body },
      400,
      /timeout/,
    );
  });

  it('401 for a wrong signature', async () => {
    const request = base();
    const forged = signed({ port, axonHotkey: BOB, signer: charlie });
    await expectRefusal(
      {
        headers: {
          ...request.headers,
          bt_header_dendrite_signature: forged.headers.bt_header_dendrite_signature!,
        },
        body: request.body,
      },
      401,
      /^Not Verified with error: Signature mismatch with \d+\.5Grwva/,
    );
  });

  it('401 for a missing signature (Python let it through)', async () => {
    const { bt_header_dendrite_signature: _, ...headers } = base().headers;
    await expectRefusal({ headers, body: base().body }, 401, 'Not Verified with error: Missing Signature');
  });

  it('401 for a request signed for another axon', async () => {
    const request = signed({ port, axonHotkey: CHARLIE });
    await expectRefusal(request, 401, /Signature mismatch/);
  });

  it('401 for a replayed nonce', async () => {
    const request = base();
    expect((await send(port, '/Dummy', request)).status).toBe(200);
    await expectRefusal(request, 401, 'Not Verified with error: Nonce was already used');
  });

  it('401 for a stale nonce and for a future one', async () => {
    const stale = signed({ port, axonHotkey: BOB, nonce: freshNonce() - 20_000_000_000n, timeout: 12 });
    await expectRefusal(
      stale,
      401,
      /Nonce is too old: acceptable delta is 16\.00 seconds but request was 20\.\d\d/,
    );
    const future = signed({ port, axonHotkey: BOB, nonce: freshNonce() + 60_000_000_000n });
    await expectRefusal(future, 401, /Nonce is in the future/);
  });

  it('401 for a missing nonce', async () => {
    const { bt_header_dendrite_nonce: _, ...headers } = base().headers;
    await expectRefusal({ headers, body: base().body }, 401, 'Not Verified with error: Missing Nonce');
  });

  it('403 for a hotkey the blacklist does not know, before the body is read', async () => {
    const request = signed({ port, axonHotkey: BOB, signer: bob });
    await expectRefusal(request, 403, 'Forbidden. Key is blacklisted: Unrecognized hotkey.');
    // Headers alone decide: the answer comes while the body is still on its way.
    const partial = signed({ port, axonHotkey: BOB, signer: bob });
    const answer = await sendHeadersOnly(port, '/Dummy', partial.headers, partial.body.length + 100);
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
  });

  it('404 for an unknown route, naming the synapses served', async () => {
    await expectRefusal(
      { ...base(), path: '/Nope' },
      404,
      "Synapse name 'Nope' not found. Available synapses ['Synapse', 'Dummy']",
    );
  });

  it('413 for an oversized body, declared or streamed', async () => {
    const request = base();
    const big = JSON.stringify({ ...JSON.parse(request.body), padding: 'x'.repeat(8000) });
    await expectRefusal({ headers: request.headers, body: big }, 413, /^Payload Too Large/);
    const chunked = signed({ port, axonHotkey: BOB });
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 10; i++) yield Buffer.from(' '.repeat(1000));
      yield Buffer.from(chunked.body);
    }
    const response = await send(port, '/Dummy', { headers: chunked.headers, body: chunks() });
    expect(response.status).toBe(413);
    expect(await pings()).toBe(200);
  });

  it('422 for a body that is not JSON or not the synapse', async () => {
    await expectRefusal(
      { headers: base().headers, body: '{not json' },
      422,
      /^Unprocessable Entity: the body is not valid JSON/,
    );
    const wrongType = signed({ port, axonHotkey: BOB, input: { dummy_input: 4 } });
    const body = JSON.stringify({ ...JSON.parse(wrongType.body), dummy_input: 'four' });
    await expectRefusal({ headers: wrongType.headers, body }, 422, /^Unprocessable Entity: \/dummy_input: /);
  });

  it('500 for a body that does not match the signed hash, as Python', async () => {
    const request = base();
    const body = JSON.stringify({ ...JSON.parse(request.body), dummy_input: 5 });
    await expectRefusal({ headers: request.headers, body }, 500, /^Internal Server Error #[0-9a-f-]{36}$/);
  });
});

describe('Axon hooks', () => {
  it('answers 500 when blacklist or priority throws, and keeps serving', async () => {
    const Boom = defineSynapse({ name: 'Boom', request: {} });
    const Bust = defineSynapse({ name: 'Bust', request: {} });
    const { port } = await start((axon) => {
      axon.attach(Boom, {
        forward: () => ({}),
        blacklist: () => {
          throw new Error('blacklist bug');
        },
      });
      axon.attach(Bust, {
        forward: () => ({}),
        priority: async () => {
          throw new Error('priority bug');
        },
      });
    });
    const client = dendrite();
    const target = { ip: '127.0.0.1', port, hotkey: BOB };
    expect((await client.call(target, Boom, {})).statusMessage).toMatch(/^Internal Server Error #/);
    expect((await client.call(target, Bust, {})).statusCode).toBe(500);
    expect((await client.call(target, Ping, {})).statusCode).toBe(200);
  });

  it('answers 401 when a custom verify throws, after the built-in check', async () => {
    const { port } = await start((axon) =>
      axon.attach(Dummy, {
        forward: () => ({ dummy_output: 1 }),
        verify: (call) => {
          if (call.dendrite.hotkey !== CHARLIE) throw new Error('only Charlie');
        },
      }),
    );
    const result = await dendrite().call({ ip: '127.0.0.1', port, hotkey: BOB }, Dummy, { dummy_input: 1 });
    expect(result).toMatchObject({ statusCode: 401, statusMessage: 'Not Verified with error: only Charlie' });
    expect(result.failedVerification).toBe(true);
    const ok = await dendrite(charlie).call({ ip: '127.0.0.1', port, hotkey: BOB }, Dummy, {
      dummy_input: 1,
    });
    expect(ok.statusCode).toBe(200);
  });

  it('serves the higher-stake caller first under load', async () => {
    const served: string[] = [];
    let unblock: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => {
      unblock = resolve;
    });
    const { axon, port } = await start(
      (a) =>
        a.attach(Dummy, {
          forward: async (input, call) => {
            if (input.dummy_input === 0) await blocked;
            served.push(`${call.dendrite.hotkey === CHARLIE ? 'charlie' : 'alice'}-${input.dummy_input}`);
            return { dummy_output: input.dummy_input };
          },
          priority: (call) => STAKE[call.dendrite.hotkey ?? ''] ?? 0,
        }),
      { axon: { max_workers: 1 } },
    );
    const target = { ip: '127.0.0.1', port, hotkey: BOB };
    const lowStake = dendrite(alice);
    const highStake = dendrite(charlie);
    const first = lowStake.call(target, Dummy, { dummy_input: 0 });
    while (axon.queue.running < 1) await sleep(5);
    const waiting = [
      lowStake.call(target, Dummy, { dummy_input: 1 }),
      lowStake.call(target, Dummy, { dummy_input: 2 }),
    ];
    while (axon.queue.waiting < 2) await sleep(5);
    waiting.push(highStake.call(target, Dummy, { dummy_input: 3 }));
    while (axon.queue.waiting < 3) await sleep(5);
    unblock();
    const results = await Promise.all([first, ...waiting]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(served).toEqual(['alice-0', 'charlie-3', 'alice-1', 'alice-2']);
  });

  it('turns callers away with 503 when the waiting line is full', async () => {
    let unblock: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => {
      unblock = resolve;
    });
    const { axon, port } = await start(
      (a) =>
        a.attach(Dummy, {
          forward: async () => {
            await blocked;
            return { dummy_output: 0 };
          },
        }),
      { axon: { max_workers: 1 }, maxWaiting: 1 },
    );
    const client = dendrite();
    const target = { ip: '127.0.0.1', port, hotkey: BOB };
    const calls = [client.call(target, Dummy, { dummy_input: 1 })];
    while (axon.queue.running < 1) await sleep(5);
    calls.push(client.call(target, Dummy, { dummy_input: 2 }));
    while (axon.queue.waiting < 1) await sleep(5);
    const refused = await client.call(target, Dummy, { dummy_input: 3 });
    expect(refused.statusCode).toBe(503);
    expect(refused.statusMessage).toMatch(/^Service Unavailable: 1 requests are already waiting/);
    unblock();
    expect((await Promise.all(calls)).map((r) => r.statusCode)).toEqual([200, 200]);
  });
});

describe('Axon timeouts and the event loop', () => {
  it('answers 408 when the forward outlives the timeout, and aborts its signal', async () => {
    let aborted = false;
    const { port } = await start((axon) =>
      axon.attach(Dummy, {
        forward: async (_input, call) => {
          call.signal.addEventListener('abort', () => {
            aborted = true;
          });
          await sleep(2000);
          return { dummy_output: 0 };
        },
      }),
    );
    const request = signed({ port, axonHotkey: BOB, timeout: 0.2 });
    const started = performance.now();
    const response = await send(port, '/Dummy', request);
    expect(response.status).toBe(408);
    expect(response.json.message).toBe('Response timeout after: 0.2s');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(aborted).toBe(true);
  });

  it('serves other requests while a forward is working', async () => {
    const { port } = await start((axon) =>
      axon.attach(Dummy, {
        forward: async () => {
          await sleep(1000);
          return { dummy_output: 1 };
        },
      }),
    );
    let slowDone = false;
    const slow = dendrite()
      .call({ ip: '127.0.0.1', port, hotkey: BOB }, Dummy, { dummy_input: 1 })
      .finally(() => {
        slowDone = true;
      });
    await sleep(50);
    const metrics = await send(port, '/metrics', { method: 'GET' });
    const ping = await dendrite().call({ ip: '127.0.0.1', port, hotkey: BOB }, Ping, {});
    expect(metrics.status).toBe(200);
    expect(ping.statusCode).toBe(200);
    expect(slowDone).toBe(false);
    expect((await slow).statusCode).toBe(200);
  });

  it('turns a synchronous throw in a forward into a 500', async () => {
    const { port } = await start((axon) =>
      axon.attach(Dummy, {
        forward: () => {
          throw new Error('sync bug');
        },
      }),
    );
    const result = await dendrite().call({ ip: '127.0.0.1', port, hotkey: BOB }, Dummy, { dummy_input: 1 });
    expect(result.statusCode).toBe(500);
  });

  it('answers 500 when the forward returns something that is not the response', async () => {
    const { port } = await start((axon) =>
      axon.attach(Dummy, {
        forward: () => ({ dummy_output: 'eight' }) as unknown as { dummy_output: number },
      }),
    );
    const result = await dendrite().call({ ip: '127.0.0.1', port, hotkey: BOB }, Dummy, { dummy_input: 1 });
    expect(result.statusCode).toBe(500);
  });
});

describe('Axon metrics', () => {
  it('counts requests and latency per synapse and status code', async () => {
    const { port } = await start((axon) => axon.attach(Dummy, { forward: () => ({ dummy_output: 1 }) }), {
      metrics: { labels: { netuid: '1' } },
    });
    const client = dendrite();
    const target = { ip: '127.0.0.1', port, hotkey: BOB };
    await client.call(target, Dummy, { dummy_input: 1 });
    await client.call(target, Dummy, { dummy_input: 1 });
    await send(port, '/Dummy', { headers: { bt_header_dendrite_nonce: 'x' }, body: '{}' });
    await send(port, '/random/path', { body: '{}' });
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('axon_requests_total{synapse="Dummy",status="200",netuid="1"} 2');
    expect(text).toContain('axon_requests_total{synapse="Dummy",status="400",netuid="1"} 1');
    expect(text).toContain('axon_requests_total{synapse="unknown",status="404",netuid="1"} 1');
    expect(text).toContain('axon_request_duration_seconds_count{netuid="1",synapse="Dummy",status="200"} 2');
    expect(text).toContain('axon_queue_running{netuid="1"} 0');
  });
});

describe('Axon streaming', () => {
  const streaming = (axon: Axon) =>
    axon.attach(Words, {
      forward: async function* (input) {
        for (let i = 0; i < input.count; i++) {
          yield `word${i}\n`;
          if (input.delay_ms) await sleep(input.delay_ms);
        }
      },
    });

  it('streams the forward’s chunks as text/event-stream', async () => {
    const { port } = await start(streaming);
    const call = dendrite().stream({ ip: '127.0.0.1', port, hotkey: BOB }, Words, { count: 5, delay_ms: 5 });
    let text = '';
    for await (const chunk of call) text += chunk;
    expect(text).toBe('word0\nword1\nword2\nword3\nword4\n');
    expect(await call.result).toMatchObject({ statusCode: 200, statusMessage: 'Success', isSuccess: true });
  });

  it('bounds the whole stream by the timeout', async () => {
    const { port } = await start(streaming);
    const started = performance.now();
    const call = dendrite().stream(
      { ip: '127.0.0.1', port, hotkey: BOB },
      Words,
      { count: 1000, delay_ms: 20 },
      { timeout: 0.3 },
    );
    const chunks: string[] = [];
    for await (const chunk of call) chunks.push(chunk);
    const result = await call.result;
    expect(result.statusCode).toBe(408);
    expect(result.isTimeout).toBe(true);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.length).toBeLessThan(1000);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('closes the forward’s iterator when the timeout passes before its first chunk', async () => {
    let closed = false;
    const { port } = await start((axon) =>
      axon.attach(Words, {
        forward: async function* () {
          try {
            await sleep(300);
            yield 'late\n';
          } finally {
            closed = true;
          }
        },
      }),
    );
    const call = dendrite().stream(
      { ip: '127.0.0.1', port, hotkey: BOB },
      Words,
      { count: 1 },
      { timeout: 0.1 },
    );
    for await (const _ of call) expect.unreachable();
    expect((await call.result).statusCode).toBe(408);
    await sleep(500);
    expect(closed).toBe(true);
  });

  it('answers 500, not a broken stream, when the forward fails before its first chunk', async () => {
    const { port } = await start((axon) =>
      axon.attach(Words, {
        // biome-ignore lint/correctness/useYield: failing before the first chunk is the case tested.
        forward: async function* () {
          throw new Error('no model');
        },
      }),
    );
    const call = dendrite().stream({ ip: '127.0.0.1', port, hotkey: BOB }, Words, { count: 1 });
    for await (const _ of call) expect.unreachable();
    expect((await call.result).statusCode).toBe(500);
  });
});

describe('Axon.close', () => {
  it('lets an in-flight request finish, then stops accepting', async () => {
    const axon = new Axon({ hotkey: bob, logger: silentLogger });
    axon.attach(Dummy, {
      forward: async () => {
        await sleep(200);
        return { dummy_output: 1 };
      },
    });
    const port = await axon.listen({ host: '127.0.0.1', port: 0 });
    const client = dendrite();
    const target = { ip: '127.0.0.1', port, hotkey: BOB };
    const inFlight = client.call(target, Dummy, { dummy_input: 1 });
    await sleep(50);
    await axon.close({ graceMs: 2000 });
    expect((await inFlight).statusCode).toBe(200);
    expect((await client.call(target, Ping, {})).statusCode).toBe(503);
  });

  it('cuts requests that outlive the grace period', async () => {
    const axon = new Axon({ hotkey: bob, logger: silentLogger });
    axon.attach(Dummy, {
      forward: async () => {
        await sleep(5000);
        return { dummy_output: 1 };
      },
    });
    const port = await axon.listen({ host: '127.0.0.1', port: 0 });
    const inFlight = dendrite().call({ ip: '127.0.0.1', port, hotkey: BOB }, Dummy, { dummy_input: 1 });
    await sleep(50);
    const started = performance.now();
    await axon.close({ graceMs: 100 });
    expect(performance.now() - started).toBeLessThan(1500);
    expect([503, 500]).toContain((await inFlight).statusCode);
  });
});

afterAll(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});
