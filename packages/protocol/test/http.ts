/** Raw HTTP for tests that must send what our dendrite never would. */
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import type { Keypair } from '@subnetkit/core';
import { request } from 'undici';
import { type PreparedRequest, prepareRequest } from '../src/request';
import { createSigner } from '../src/signature';
import type { AnySynapse } from '../src/synapse';
import { PROTOCOL_VERSION } from '../src/terminal-info';
import { alice, Dummy, FIXED_UUID } from './fixtures';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  json: Record<string, unknown>;
}

export async function send(
  port: number,
  path: string,
  options: {
    headers?: Record<string, string>;
    body?: string | AsyncIterable<Buffer>;
    method?: 'GET' | 'POST';
  } = {},
): Promise<RawResponse> {
  const response = await request(`http://127.0.0.1:${port}${path}`, {
    method: options.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: typeof options.body === 'object' ? Readable.from(options.body) : (options.body ?? null),
  });
  const text = await response.body.text();
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(response.headers)) {
    if (typeof value === 'string') headers[key] = value;
  }
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: response.statusCode, headers, json };
}

export interface SignOptions {
  synapse?: AnySynapse;
  input?: Record<string, unknown>;
  signer?: Keypair;
  axonHotkey: string;
  port: number;
  nonce?: bigint;
  uuid?: string;
  timeout?: number;
}

let lastNonce = 0n;

/** A fresh nonce per call, even within one millisecond. */
export function freshNonce(): bigint {
  const now = BigInt(Date.now()) * 1_000_000n;
  lastNonce = now > lastNonce ? now : lastNonce + 1n;
  return lastNonce;
}

/** A correctly signed request, to send as is or to tamper with. */
export function signed(options: SignOptions): PreparedRequest {
  return prepareRequest(
    options.synapse ?? Dummy,
    options.input ?? { dummy_input: 4 },
    { ip: '127.0.0.1', port: options.port, hotkey: options.axonHotkey },
    options.timeout ?? 12,
    {
      signer: createSigner(options.signer ?? alice),
      ip: '127.0.0.1',
      version: PROTOCOL_VERSION,
      nonce: options.nonce ?? freshNonce(),
      uuid: options.uuid ?? FIXED_UUID,
    },
  );
}

/**
 * Sends a request line and headers declaring a body of `contentLength` bytes, and none of the
 * body; resolves with the first bytes of the answer, which can only come from the headers.
 */
export function sendHeadersOnly(
  port: number,
  path: string,
  headers: Record<string, string>,
  contentLength: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const lines = Object.entries({
        ...headers,
        'content-type': 'application/json',
        'content-length': String(contentLength),
      })
        .map(([key, value]) => `${key}: ${value}`)
        .join('\r\n');
      socket.write(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${lines}\r\n\r\n{"dummy`);
    });
    socket.once('data', (data) => {
      resolve(data.toString('latin1'));
      socket.destroy();
    });
    socket.once('error', reject);
  });
}
