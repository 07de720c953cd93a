import { cryptoReady } from '@subnetkit/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { until } from '../client/contract';
import { signExtrinsic } from '../extrinsic';
import { ChainNode } from '../node/chain-node';
import { TestChain } from '../testing';
import { RPC_ERRORS } from './errors';
import { SUBSCRIPTIONS } from './methods';
import { RpcServer } from './server';

const TAO = 1_000_000_000n;
let node: ChainNode;
let server: RpcServer;

beforeAll(async () => {
  await cryptoReady();
});

afterEach(async () => {
  await server?.close();
  await node?.stop();
});

async function start(options: { maxBodyBytes?: number } = {}): Promise<void> {
  node = await ChainNode.open({ sealing: 'manual' });
  server = await RpcServer.listen(node, { port: 0, ...options });
}

async function post(body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(server.httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const rpc = (method: string, params?: unknown, id: number | string = 1) => ({
  jsonrpc: '2.0',
  id,
  method,
  ...(params === undefined ? {} : { params }),
});

const transfer = (nonce: number, amount = TAO) =>
  signExtrinsic(
    { call: 'transfer', dest: TestChain.key('Bob').ss58Address, amount },
    TestChain.key('Alice'),
    nonce,
    node.genesisHash,
  );

describe('RpcServer over HTTP', () => {
  it('answers Substrate methods and subnetkit queries, bigint as decimal strings', async () => {
    await start();
    node.produceBlockNow();
    expect((await post(rpc('system_health'))).json).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: { peers: 0, isSyncing: false, shouldHavePeers: false },
    });
    const head = node.head();
    expect((await post(rpc('chain_getHeader'))).json).toMatchObject({ result: head });
    expect((await post(rpc('chain_getBlockHash', [1]))).json).toMatchObject({ result: head.hash });
    expect((await post(rpc('chain_getBlockHash', [9]))).json).toMatchObject({ result: null });
    expect((await post(rpc('chain_getHeader', [head.parentHash]))).json).toMatchObject({
      result: { number: 0 },
    });
    const alice = TestChain.key('Alice').ss58Address;
    const account = (await post(rpc('subnetkit_account', { address: alice }))).json as {
      result: { free: string };
    };
    expect(account.result.free).toBe(node.accountInfo(alice).free.toString());
    expect((await post(rpc('subnetkit_block', [1]))).json).toMatchObject({ result: { hash: head.hash } });
  });

  it('submits an extrinsic and waits for its inclusion', async () => {
    await start();
    expect((await post(rpc('author_submitExtrinsic', [transfer(0)]))).json).toMatchObject({
      result: expect.stringMatching(/^0x[0-9a-f]{64}$/),
    });
    const waiting = post(rpc('subnetkit_submitAndWait', [transfer(1)]));
    await until(() => node.poolSize === 2);
    node.produceBlockNow();
    expect((await waiting).json).toMatchObject({
      result: { ok: true, blockNumber: 1, events: [{ type: 'Transfer', amount: TAO.toString() }, {}] },
    });
  });

  it('answers protocol errors with the standard codes', async () => {
    await start();
    const error = async (body: unknown) => ((await post(body)).json as { error: { code: number } }).error;
    expect(await error('{nope')).toMatchObject({ code: RPC_ERRORS.ParseError });
    expect(await error({ id: 1, method: 'system_health' })).toMatchObject({
      code: RPC_ERRORS.InvalidRequest,
    });
    expect(await error([])).toMatchObject({ code: RPC_ERRORS.InvalidRequest });
    expect(await error(rpc('system_nope'))).toMatchObject({ code: RPC_ERRORS.MethodNotFound });
    expect(await error(rpc('subnetkit_subnet', ['one']))).toMatchObject({
      code: RPC_ERRORS.InvalidParams,
      message: expect.stringContaining('netuid must be an integer'),
    });
    expect(await error(rpc('subnetkit_subnet', [1, 2]))).toMatchObject({ code: RPC_ERRORS.InvalidParams });
    expect(await error(rpc('chain_subscribeNewHeads'))).toMatchObject({
      code: RPC_ERRORS.SubscriptionNeedsWebSocket,
    });
  });

  it('carries a chain refusal’s code in data', async () => {
    await start();
    const ext = transfer(0); // sr25519 signatures are randomized: sign once, send twice
    await post(rpc('author_submitExtrinsic', [ext]));
    expect((await post(rpc('author_submitExtrinsic', [ext]))).json).toMatchObject({
      error: { code: RPC_ERRORS.ChainError, data: { name: 'ChainError', code: 'AlreadyImported' } },
    });
    expect((await post(rpc('subnetkit_submitAndWait', [transfer(1), 20]))).json).toMatchObject({
      error: { code: RPC_ERRORS.NodeError, data: { name: 'NodeError', code: 'InclusionTimeout' } },
    });
  });

  it('answers a batch in order and leaves notifications unanswered', async () => {
    await start();
    const { json } = await post([
      rpc('system_chain', [], 'a'),
      { jsonrpc: '2.0', method: 'system_health' },
      rpc('nope', [], 'c'),
      7,
    ]);
    expect(json).toEqual([
      { jsonrpc: '2.0', id: 'a', result: 'subnetkit' },
      { jsonrpc: '2.0', id: 'c', error: expect.objectContaining({ code: RPC_ERRORS.MethodNotFound }) },
      { jsonrpc: '2.0', id: null, error: expect.objectContaining({ code: RPC_ERRORS.InvalidRequest }) },
    ]);
    expect(await post({ jsonrpc: '2.0', method: 'system_health' })).toEqual({ status: 204, json: undefined });
  });

  it('refuses a body over the limit with 413, and GET with 405', async () => {
    await start({ maxBodyBytes: 1024 });
    const big = await post(rpc('system_health', ['x'.repeat(2000)]));
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ error: { code: RPC_ERRORS.InvalidRequest } });
    expect((await fetch(server.httpUrl)).status).toBe(405);
  });
});

describe('RpcServer over WebSocket', () => {
  it('sends new heads in Substrate’s subscription shape until unsubscribed', async () => {
    await start();
    const ws = new WebSocket(server.url);
    const messages: { id?: number; result?: unknown; method?: string; params?: unknown }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify(rpc('chain_subscribeNewHeads', [], 1)));
    await until(() => messages.length === 1);
    const subscription = messages[0]!.result as string;
    node.produceBlockNow();
    await until(() => messages.length === 2);
    expect(messages[1]).toEqual({
      jsonrpc: '2.0',
      method: 'chain_newHead',
      params: { subscription, result: node.head() },
    });
    ws.send(JSON.stringify(rpc('chain_unsubscribeNewHeads', [subscription], 2)));
    await until(() => messages.length === 3);
    expect(messages[2]).toMatchObject({ id: 2, result: true });
    node.produceBlockNow();
    ws.send(JSON.stringify(rpc('system_health', [], 3)));
    await until(() => messages.length === 4);
    expect(messages[3]).toMatchObject({ id: 3 });
    ws.close();
  });

  it('encodes a block’s events once for every socket that follows them', async () => {
    await start();
    const encode = vi.spyOn(SUBSCRIPTIONS.subnetkit_subscribeEvents!, 'result');
    try {
      const sockets = [new WebSocket(server.url), new WebSocket(server.url)];
      const messages: { result?: unknown; params?: { subscription: string; result: unknown } }[][] = [[], []];
      await Promise.all(
        sockets.map((ws, i) => {
          ws.on('message', (data) => messages[i]!.push(JSON.parse(String(data))));
          return new Promise((resolve) => ws.once('open', resolve));
        }),
      );
      for (const ws of sockets) ws.send(JSON.stringify(rpc('subnetkit_subscribeEvents', [], 1)));
      await until(() => messages.every((m) => m.length === 1));
      node.produceBlockNow();
      await until(() => messages.every((m) => m.length === 2));
      expect(encode).toHaveBeenCalledTimes(1);
      const [a, b] = messages.map((m) => m[1]!.params!);
      expect(a).toEqual({ subscription: messages[0]![0]!.result, result: b!.result });
      expect(b!.subscription).toBe(messages[1]![0]!.result);
      expect(a!.result).toMatchObject({ header: { number: 1 }, events: [{ type: 'Coinbase' }] });
      for (const ws of sockets) ws.close();
    } finally {
      encode.mockRestore();
    }
  });

  it('watches a submitted extrinsic with author_submitAndWatchExtrinsic, as Substrate does', async () => {
    await start();
    const ws = new WebSocket(server.url);
    const messages: { id?: number; result?: unknown; params?: { subscription: string; result: unknown } }[] =
      [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify(rpc('author_submitAndWatchExtrinsic', [transfer(0)], 1)));
    await until(() => messages.length === 2);
    const id = messages[0]!.result as string;
    expect(messages[1]!.params).toEqual({ subscription: id, result: 'ready' });
    const block = node.produceBlockNow();
    await until(() => messages.length === 4);
    expect(messages.slice(2).map((m) => m.params)).toEqual([
      { subscription: id, result: { inBlock: block.hash } },
      { subscription: id, result: { finalized: block.hash } },
    ]);
    ws.send(JSON.stringify(rpc('author_submitAndWatchExtrinsic', [transfer(0)], 2)));
    await until(() => messages.length === 5);
    expect(messages[4]).toMatchObject({ id: 2, error: { data: { code: 'StaleNonce' } } });
    ws.close();
  });

  it('closes its sockets on close', async () => {
    await start();
    const ws = new WebSocket(server.url);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    await server.close();
    expect(await closed).toBe(1001);
  });
});
