import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoReady } from '@subnetkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { signExtrinsic } from '../extrinsic';
import { ChainNode } from '../node/chain-node';
import { RpcServer } from '../rpc/server';
import { TestChain } from '../testing';
import { chainClientContract, until } from './contract';
import { RpcChainClient, type RpcChainClientOptions } from './rpc-client';

chainClientContract('RpcChainClient', async () => {
  const node = await ChainNode.open({ sealing: 'manual' });
  const server = await RpcServer.listen(node, { port: 0 });
  const client = await RpcChainClient.connect(server.url);
  return {
    node,
    client,
    async teardown() {
      await client.close();
      await server.close();
      await node.stop();
    },
  };
});

/** A node on a kept base path, served on one port, that a test stops and starts again. */
async function restartableNode(dirs: string[], options: RpcChainClientOptions) {
  await cryptoReady();
  const basePath = mkdtempSync(join(tmpdir(), 'rpc-client-'));
  dirs.push(basePath);
  let node = await ChainNode.open({ sealing: 'manual', basePath });
  let server = await RpcServer.listen(node, { port: 0 });
  const { port } = server;
  const client = await RpcChainClient.connect(server.url, options);
  return {
    client,
    get node(): ChainNode {
      return node;
    },
    async down(): Promise<void> {
      await server.close();
      await node.stop();
    },
    /** Reopens the chain; `beforeServing` runs before the port answers again. */
    async up(beforeServing: (node: ChainNode) => void = () => {}): Promise<void> {
      node = await ChainNode.open({ sealing: 'manual', basePath });
      beforeServing(node);
      server = await RpcServer.listen(node, { port });
    },
    async close(): Promise<void> {
      await client.close();
      await server.close();
      await node.stop();
    },
  };
}

describe('RpcChainClient across a node restart', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('fails calls in flight, reconnects with backoff and resubscribes heads and events', async () => {
    const net = await restartableNode(dirs, { reconnectDelayMs: 20, maxReconnectDelayMs: 100 });
    const { client } = net;
    try {
      const heads: number[] = [];
      const events: number[] = [];
      await client.subscribeHeads((h) => heads.push(h.number));
      await client.subscribeEvents((h) => events.push(h.number));
      net.node.produceBlockNow();
      await until(() => heads.length === 1 && events.length === 1);

      // An inclusion wait in flight when the node goes down fails with a clear error, not a hang.
      const ext = signExtrinsic(
        { call: 'transfer', dest: TestChain.key('Bob').ss58Address, amount: 1n },
        TestChain.key('Alice'),
        0,
        net.node.genesisHash,
      );
      const waiting = client.submitAndWait(ext);
      await until(() => net.node.poolSize === 1);
      const lost = expect(waiting).rejects.toMatchObject({ code: 'ConnectionLost' });
      await net.down();
      await lost;
      expect(client.connected).toBe(false);

      // A call made while the node is down waits for it, up to its timeout.
      const head = client.head();
      await new Promise((r) => setTimeout(r, 150));
      // Block 2 is made before the client is back: its subscriptions must not miss it.
      await net.up((node) => node.produceBlockNow());
      expect(await head).toMatchObject({ number: 2 });
      await until(() => client.connected);
      // Resubscribed, the client catches up on the block made while it was away…
      await until(() => heads.length === 2 && events.length === 2);
      // …and follows the new ones.
      net.node.produceBlockNow();
      await until(() => heads.length === 3 && events.length === 3);
      expect(heads).toEqual([1, 2, 3]);
      expect(events).toEqual([1, 2, 3]);
    } finally {
      await net.close();
    }
  });

  it('makes a call during a failed reconnection attempt wait for the next one', async () => {
    const net = await restartableNode(dirs, { reconnectDelayMs: 10, maxReconnectDelayMs: 20 });
    const { client } = net;
    try {
      await net.down();
      await until(() => !client.connected);
      // Several attempts have failed by now; the call must not fail with the last one's error.
      await new Promise((r) => setTimeout(r, 150));
      const head = client.head();
      await new Promise((r) => setTimeout(r, 100));
      await net.up();
      expect(await head).toMatchObject({ number: 0 });
    } finally {
      await net.close();
    }
  });

  it('fails fast when nothing listens, and times calls out', async () => {
    await expect(RpcChainClient.connect('ws://127.0.0.1:9')).rejects.toMatchObject({
      code: 'ConnectionFailed',
    });
    const node = await ChainNode.open({ sealing: 'manual' });
    const server = await RpcServer.listen(node, { port: 0 });
    const client = await RpcChainClient.connect(server.url, { callTimeoutMs: 30 });
    try {
      const ext = signExtrinsic(
        { call: 'transfer', dest: TestChain.key('Bob').ss58Address, amount: 1n },
        TestChain.key('Alice'),
        0,
        node.genesisHash,
      );
      // submitAndWait with a long inclusion timeout still answers; a plain call past its timeout fails.
      await expect(client.call('subnetkit_submitAndWait', [ext, 5000])).rejects.toMatchObject({
        code: 'CallTimeout',
      });
      await expect(client.call('subnetkit_subnet', ['x'])).rejects.toMatchObject({
        code: 'RpcError',
        rpcCode: -32602,
      });
    } finally {
      await client.close();
      await server.close();
      await node.stop();
    }
  });
});
