/**
 * Wire compatibility with the Python SDK v10 (reference/bittensor-sdk.md §1.3–1.8): a request
 * written out by hand exactly as `Dendrite.preprocess_synapse_for_request` + aiohttp send it is
 * accepted by our axon, and our dendrite sends that same request. Keys, nonce and uuid are fixed,
 * and the axon's clock is set to the nonce's time, so every byte but the signature is known.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cryptoReady } from '@subnetkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Axon } from '../src/axon';
import { Dendrite } from '../src/dendrite';
import { verifySignature } from '../src/signature';
import {
  ALICE,
  alice,
  BOB,
  bob,
  DUMMY_4_HASH,
  Dummy,
  FIXED_NONCE,
  FIXED_UUID,
  silentLogger,
} from './fixtures';
import { send } from './http';

// //Alice's sr25519 signature of the message below (see signature.test.ts).
const SIGNATURE =
  '0x04c0f7be7601100758bebf21cfb15afd28f02591fa97c4552fb7dad0f6970e457a996c3ebf94faecc5cf9438f69a01b23a715cc7dd561a47d3999bea62934383';
const SIGNED_MESSAGE = `${FIXED_NONCE}.${ALICE}.${BOB}.${FIXED_UUID}.${DUMMY_4_HASH}`;

/** `synapse.to_headers()` of `Dummy(dummy_input=4)` after preprocessing, in Python's order. */
function pythonHeaders(axonPort: number): Record<string, string> {
  return {
    name: 'Dummy',
    timeout: '12.0',
    bt_header_axon_ip: '127.0.0.1',
    bt_header_axon_port: String(axonPort),
    bt_header_axon_hotkey: BOB,
    bt_header_dendrite_ip: '127.0.0.1',
    bt_header_dendrite_version: '10002000',
    bt_header_dendrite_nonce: '1732000000000000000',
    bt_header_dendrite_uuid: FIXED_UUID,
    bt_header_dendrite_hotkey: ALICE,
    bt_header_dendrite_signature: SIGNATURE,
    bt_header_input_obj_dummy_input: 'MA==',
    // CPython's sys.getsizeof of the dict and get_size of the model: informational numbers.
    header_size: '640',
    total_size: '2296',
    computed_body_hash: DUMMY_4_HASH,
  };
}

/** `json.dumps(synapse.model_dump())`, as aiohttp's `json=` writes it. */
function pythonBody(axonPort: number): string {
  return (
    '{"name": "Dummy", "timeout": 12.0, "total_size": 0, "header_size": 0, ' +
    '"dendrite": {"status_code": null, "status_message": null, "process_time": null, "ip": "127.0.0.1", ' +
    `"port": null, "version": 10002000, "nonce": 1732000000000000000, "uuid": "${FIXED_UUID}", ` +
    `"hotkey": "${ALICE}", "signature": "${SIGNATURE}"}, ` +
    '"axon": {"status_code": null, "status_message": null, "process_time": null, "ip": "127.0.0.1", ' +
    `"port": ${axonPort}, "version": null, "nonce": null, "uuid": null, "hotkey": "${BOB}", "signature": null}, ` +
    '"computed_body_hash": "", "dummy_input": 4, "dummy_output": null}'
  );
}

let axon: Axon;
let port: number;

beforeAll(async () => {
  await cryptoReady();
  axon = new Axon({
    hotkey: bob,
    logger: silentLogger,
    // One second after the fixed nonce was made: inside the 4 s + timeout window.
    clock: () => FIXED_NONCE + 1_000_000_000n,
    nonce: { reorderDepth: 0 },
  });
  axon.attach(Dummy, { forward: (input) => ({ dummy_output: input.dummy_input * 2 }) });
  port = await axon.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await axon.close();
});

describe('a request exactly as the Python dendrite sends it', () => {
  it('carries a signature of the exact message, valid for //Alice', () => {
    expect(verifySignature(SIGNED_MESSAGE, SIGNATURE, ALICE)).toBe(true);
  });

  it('is accepted, and answered with the whole synapse as Python serialises it', async () => {
    const response = await send(port, '/Dummy', { headers: pythonHeaders(port), body: pythonBody(port) });
    expect(response.status).toBe(200);
    // A Python dendrite rebuilds `Dummy(**json)`: every field must be there, required ones valid.
    expect(response.json).toEqual({
      name: 'Dummy',
      timeout: 12,
      total_size: 0,
      header_size: 0,
      dendrite: {
        status_code: null,
        status_message: null,
        process_time: null,
        ip: '127.0.0.1',
        port: null,
        version: 10_002_000,
        nonce: 1_732_000_000_000_000_000,
        uuid: FIXED_UUID,
        hotkey: ALICE,
        signature: SIGNATURE,
      },
      axon: {
        status_code: 200,
        status_message: 'Success',
        process_time: expect.any(Number),
        ip: '127.0.0.1',
        port,
        version: null,
        nonce: null,
        uuid: null,
        hotkey: BOB,
        signature: null,
      },
      computed_body_hash: '',
      dummy_input: 4,
      dummy_output: 8,
    });
    expect(response.headers).toMatchObject({
      name: 'Dummy',
      timeout: '12.0',
      bt_header_axon_status_code: '200',
      bt_header_axon_status_message: 'Success',
      bt_header_dendrite_nonce: '1732000000000000000',
      bt_header_dendrite_signature: SIGNATURE,
      bt_header_input_obj_dummy_input: 'MA==',
      computed_body_hash: DUMMY_4_HASH,
    });
  });

  it('is refused when replayed, with the headers and body Python error responses have', async () => {
    const response = await send(port, '/Dummy', { headers: pythonHeaders(port), body: pythonBody(port) });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      message: 'Not Verified with error: Nonce is too old, a newer one was last processed',
    });
    expect(response.headers).toMatchObject({
      bt_header_axon_status_code: '401',
      bt_header_axon_status_message:
        'Not Verified with error: Nonce is too old, a newer one was last processed',
      bt_header_dendrite_hotkey: ALICE,
      bt_header_dendrite_ip: '127.0.0.1',
      bt_header_axon_hotkey: BOB,
    });
  });
});

describe('our dendrite', () => {
  it('sends the request the Python dendrite sends', async () => {
    let captured:
      | { headers: IncomingMessage['headers']; rawHeaders: string[]; body: string; url?: string }
      | undefined;
    const server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        captured = { headers: request.headers, rawHeaders: request.rawHeaders, body, url: request.url };
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"dummy_output": 8}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const serverPort = (server.address() as AddressInfo).port;
    const client = new Dendrite({
      keypair: alice,
      logger: silentLogger,
      clock: () => FIXED_NONCE,
      uuid: FIXED_UUID,
      externalIp: '127.0.0.1',
    });
    const result = await client.call({ ip: '127.0.0.1', port: serverPort, hotkey: BOB }, Dummy, {
      dummy_input: 4,
    });
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));

    expect(result.isSuccess && result.response).toEqual({ dummy_output: 8 });
    if (captured === undefined) throw new Error('no request captured');
    expect(captured.url).toBe('/Dummy');
    const expected = pythonHeaders(serverPort);
    // The same bt headers, with the same values, in the same order; only the randomised
    // signature and the informational sizes differ.
    const sent = captured.rawHeaders.filter((_, i) => i % 2 === 0).filter((name) => name in expected);
    expect(sent).toEqual(Object.keys(expected));
    for (const [name, value] of Object.entries(expected)) {
      if (name === 'bt_header_dendrite_signature' || name === 'header_size' || name === 'total_size')
        continue;
      expect(captured.headers[name], name).toBe(value);
    }
    const signature = String(captured.headers.bt_header_dendrite_signature);
    expect(verifySignature(SIGNED_MESSAGE, signature, ALICE)).toBe(true);
    expect(captured.headers['content-type']).toBe('application/json');

    const body = JSON.parse(captured.body) as Record<string, unknown>;
    const python = JSON.parse(pythonBody(serverPort)) as Record<string, Record<string, unknown>>;
    expect(Object.keys(body)).toEqual(Object.keys(python));
    expect(body).toEqual({ ...python, dendrite: { ...python.dendrite, signature } });
    expect(captured.body).toContain('"nonce":1732000000000000000');
  });
});
