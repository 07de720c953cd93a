import { cryptoReady, type Keypair } from '@subnetkit/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../calls';
import { signExtrinsic } from '../extrinsic';
import type { ChainNode } from '../node/chain-node';
import { TestChain } from '../testing';
import { type ChainClient, type Head, signAndSubmit } from './chain-client';

export interface ClientUnderTest {
  /** A node with manual sealing, so each test decides when blocks happen. */
  node: ChainNode;
  client: ChainClient;
  /** Closes the client, then stops the node (and whatever serves it). */
  teardown(): Promise<void>;
}

const TAO = 1_000_000_000n;

/**
 * The behaviour every ChainClient implementation shares. Each implementation's test file calls this
 * with a factory, so the in-process and RPC clients are held to the same tests.
 */
export function chainClientContract(name: string, open: () => Promise<ClientUnderTest>): void {
  describe(`${name} (ChainClient contract)`, () => {
    let alice: Keypair;
    let bob: Keypair;
    const opened: ClientUnderTest[] = [];

    beforeAll(async () => {
      await cryptoReady();
      alice = TestChain.key('Alice');
      bob = TestChain.key('Bob');
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((o) => o.teardown()));
    });

    async function start(): Promise<ClientUnderTest> {
      const under = await open();
      opened.push(under);
      return under;
    }

    const transfer = (amount: bigint): Call => ({ call: 'transfer', dest: bob.ss58Address, amount });

    it('reports the genesis hash and the head, and follows new heads in order', async () => {
      const { node, client } = await start();
      expect(await client.genesisHash()).toBe(node.genesisHash);
      expect(await client.head()).toEqual(node.head());
      const heads: Head[] = [];
      const unsubscribe = await client.subscribeHeads((h) => heads.push(h));
      node.produceBlockNow();
      node.produceBlockNow();
      await until(() => heads.length === 2);
      expect(heads.map((h) => h.number)).toEqual([1, 2]);
      expect(heads[1]!.parentHash).toBe(heads[0]!.hash);
      await unsubscribe();
      node.produceBlockNow();
      await client.head(); // a round trip, so a late head would have arrived
      expect(heads).toHaveLength(2);
    });

    it('submits and waits for inclusion; balances, nonces and events follow', async () => {
      const { node, client } = await start();
      const before = await client.account(bob.ss58Address);
      const events: string[] = [];
      await client.subscribeEvents((_head, evs) => events.push(...evs.map((e) => e.type)));
      const waiting = signAndSubmit(client, alice, transfer(5n * TAO));
      await until(() => node.poolSize === 1);
      node.produceBlockNow();
      const inclusion = await waiting;
      expect(inclusion).toMatchObject({ ok: true, blockNumber: 1 });
      expect(inclusion.events.map((e) => e.type)).toContain('Transfer');
      expect((await client.account(bob.ss58Address)).free).toBe(before.free + 5n * TAO);
      expect(await client.nextNonce(alice.ss58Address)).toBe(1);
      await until(() => events.includes('Transfer'));
    });

    it('reports a failed extrinsic as included with its named error, not as a rejection', async () => {
      const { node, client } = await start();
      const poor = TestChain.key('NoFunds');
      const waiting = signAndSubmit(client, alice, { call: 'transfer', dest: poor.ss58Address, amount: 0n });
      await until(() => node.poolSize === 1);
      node.produceBlockNow();
      await waiting;
      const failing = signAndSubmit(client, poor, transfer(TAO));
      await until(() => node.poolSize === 1);
      node.produceBlockNow();
      const inclusion = await failing;
      expect(inclusion.ok).toBe(false);
      expect(inclusion.error?.code).toBe('InsufficientBalance');
    });

    it('rejects a refused extrinsic with the chain error code', async () => {
      const { node, client } = await start();
      const ext = signExtrinsic(transfer(TAO), alice, 0, node.genesisHash);
      await client.submit(ext);
      await expect(client.submit(ext)).rejects.toMatchObject({ code: 'AlreadyImported' });
      const forged = { ...ext, signature: `0x${'00'.repeat(64)}` };
      await expect(client.submit(forged)).rejects.toMatchObject({ code: 'InvalidSignature' });
    });

    it('times out waiting for inclusion when no block comes', async () => {
      const { node, client } = await start();
      const ext = signExtrinsic(transfer(TAO), alice, 0, node.genesisHash);
      await expect(client.submitAndWait(ext, { timeoutMs: 50 })).rejects.toMatchObject({
        code: 'InclusionTimeout',
      });
    });

    it('queries subnets and neurons with every metagraph field', async () => {
      const { node, client } = await start();
      expect(await client.subnets()).toEqual([]);
      expect(await client.subnet(1)).toBeNull();
      expect(await client.neurons(1)).toBeNull();
      const registering = signAndSubmit(client, alice, {
        call: 'register_network',
        hotkey: bob.ss58Address,
      });
      await until(() => node.poolSize === 1);
      node.produceBlockNow();
      expect((await registering).ok).toBe(true);
      const [subnet] = await client.subnets();
      expect(subnet).toMatchObject({ owner_coldkey: alice.ss58Address, owner_hotkey: bob.ss58Address, n: 1 });
      expect(await client.subnet(subnet!.netuid)).toEqual(subnet);
      const lite = await client.neurons(subnet!.netuid);
      expect(lite).toHaveLength(1);
      expect(lite![0]).toMatchObject({ uid: 0, hotkey: bob.ss58Address, coldkey: alice.ss58Address });
      expect(lite![0]).not.toHaveProperty('weights');
      const full = await client.neurons(subnet!.netuid, { lite: false });
      expect(full![0]).toMatchObject({ weights: [], bonds: [] });
    });

    it('rejects every call once closed', async () => {
      const { client } = await start();
      await client.close();
      await expect(client.head()).rejects.toThrow();
    });
  });
}

/** Waits (polling) until `done()` holds; fails the test after 5 s. */
export async function until(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
