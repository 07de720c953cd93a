import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoReady, type Keypair } from '@subnetkit/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Block, headerHash } from '../block';
import type { Call } from '../calls';
import type { Inclusion } from '../client/chain-client';
import { encodeRecord } from '../codec';
import { signExtrinsic } from '../extrinsic';
import { devGenesisConfig } from '../genesis';
import { TestChain } from '../testing';
import { ChainNode, type ChainNodeOptions } from './chain-node';

const TAO = 1_000_000_000n;
let alice: Keypair;
let bob: Keypair;
const nodes: ChainNode[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  await cryptoReady();
  alice = TestChain.key('Alice');
  bob = TestChain.key('Bob');
});

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(options: ChainNodeOptions = {}): Promise<ChainNode> {
  const node = await ChainNode.open({ sealing: 'manual', ...options });
  nodes.push(node);
  return node;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chain-node-'));
  dirs.push(dir);
  return dir;
}

const transfer = (amount = TAO): Call => ({ call: 'transfer', dest: bob.ss58Address, amount });
const sign = (node: ChainNode, call: Call, nonce: number, key = alice) =>
  signExtrinsic(call, key, nonce, node.genesisHash);

describe('ChainNode', () => {
  it('pools a signed extrinsic, counts it in the next nonce and includes it in the next block', async () => {
    const node = await open();
    const seen: { blocks: Block[]; inclusions: Inclusion[] } = { blocks: [], inclusions: [] };
    node.on('block', ({ block, header }) => {
      expect(header).toEqual({ ...block.header, hash: block.hash });
      seen.blocks.push(block);
    });
    node.on('extrinsic', (inclusion) => seen.inclusions.push(inclusion));

    const hash = node.submit(sign(node, transfer(), 0));
    expect(node.nextNonce(alice.ss58Address)).toBe(1);
    const waited = node.submitAndWait(sign(node, transfer(0n), 1));
    const block = node.produceBlockNow();

    expect(block.extrinsics).toHaveLength(2);
    expect(seen.blocks).toEqual([block]);
    expect(seen.inclusions.map((i) => [i.hash, i.ok])).toEqual([
      [hash, true],
      [expect.any(String), false],
    ]);
    expect(seen.inclusions[0]!.events.map((e) => e.type)).toEqual(['Transfer', 'ExtrinsicSuccess']);
    await expect(waited).resolves.toMatchObject({ ok: false, error: { code: 'ZeroAmount' }, blockNumber: 1 });
    // A failed extrinsic is included and bumps the nonce, as in Substrate, but changes nothing else.
    expect(node.accountInfo(alice.ss58Address).nonce).toBe(2);
    expect(node.nextNonce(alice.ss58Address)).toBe(2);
    expect(node.poolSize).toBe(0);
    expect(node.head()).toMatchObject({ number: 1, hash: block.hash });
    expect(node.block(1)).toEqual(block);
  });

  it('refuses bad signatures, used nonces, duplicates and a full pool before any block', async () => {
    const node = await open({ poolLimit: 2 });
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as { code?: string }).code;
      }
      return 'accepted';
    };
    const first = sign(node, transfer(), 0);
    expect(code(() => node.submit({ ...first, nonce: 5 }))).toBe('InvalidSignature');
    expect(code(() => node.submit({ ...first, call: { call: 'nope' } }))).toBe('InvalidCall');
    expect(code(() => node.submit(first))).toBe('accepted');
    expect(code(() => node.submit(first))).toBe('AlreadyImported');
    expect(code(() => node.submit(sign(node, transfer(), 1)))).toBe('accepted');
    expect(code(() => node.submit(sign(node, transfer(), 2)))).toBe('PoolFull');
    node.produceBlockNow();
    expect(code(() => node.submit(first))).toBe('StaleNonce');
  });

  it('includes a pooled nonce n+1 after a failed nonce n, and drops a stale one with StaleNonce', async () => {
    const node = await open();
    const failing = node.submitAndWait(sign(node, transfer(0n), 0)); // ZeroAmount
    const next = node.submitAndWait(sign(node, transfer(), 1));
    const stale = node.submitAndWait(sign(node, transfer(2n * TAO), 1)); // same nonce, another call
    const block = node.produceBlockNow();
    expect(block.extrinsics.map((e) => e.nonce)).toEqual([0, 1]);
    await expect(failing).resolves.toMatchObject({ ok: false, error: { code: 'ZeroAmount' } });
    await expect(next).resolves.toMatchObject({ ok: true, blockNumber: 1 });
    await expect(stale).rejects.toMatchObject({ code: 'StaleNonce' });
    expect(node.poolSize).toBe(0);
    await expect(node.waitForInclusion('0x00')).rejects.toMatchObject({
      code: 'UnknownExtrinsic',
    });
    expect(node.nextNonce(alice.ss58Address)).toBe(2);
  });

  it('keeps a future nonce waiting across blocks until the nonces before it arrive', async () => {
    const node = await open();
    node.submit(sign(node, transfer(), 1));
    expect(node.nextNonce(alice.ss58Address)).toBe(0);
    expect(node.produceBlockNow().extrinsics).toHaveLength(0);
    expect(node.poolSize).toBe(1);
    node.submit(sign(node, transfer(), 0));
    expect(node.produceBlockNow().extrinsics.map((e) => e.nonce)).toEqual([0, 1]);
    expect(node.poolSize).toBe(0);
  });

  it('produces a block every blockTimeMs, stamped by its clock and chained to its parent', async () => {
    let clock = 5_000;
    const node = await open({ sealing: 'timer', blockTimeMs: 20, now: () => (clock += 1000) });
    const blocks: Block[] = [];
    await new Promise<void>((resolve) => {
      node.on('block', ({ block }) => {
        blocks.push(block);
        if (blocks.length === 3) resolve();
      });
    });
    await node.stop();
    expect(blocks.map((b) => b.header.timestamp)).toEqual([6000, 7000, 8000]);
    expect(blocks[0]!.header.parentHash).toBe(node.genesisHash);
    expect(blocks[2]!.header.parentHash).toBe(blocks[1]!.hash);
    expect(headerHash(blocks[2]!.header)).toBe(blocks[2]!.hash);
    await expect(ChainNode.open({ blockTimeMs: 0.5 })).rejects.toMatchObject({ code: 'InvalidOptions' });
  });

  it('resumes from its base path with the same state, and refuses another chain there', async () => {
    const basePath = tempDir();
    const node = await open({ basePath });
    node.submit(sign(node, { call: 'register_network', hotkey: TestChain.key('Alice/hot').ss58Address }, 0));
    node.produceBlockNow();
    node.produceBlockNow();
    const before = encodeRecord(node.state);
    await node.stop();

    const again = await open({ basePath });
    expect(again.head().number).toBe(2);
    expect(encodeRecord(again.state)).toBe(before);
    expect(again.produceBlockNow().header.parentHash).toBe(node.head().hash);
    await again.stop();

    await expect(
      open({ basePath, genesis: { ...devGenesisConfig(), chainId: 'other' } }),
    ).rejects.toMatchObject({
      code: 'GenesisMismatch',
    });
  });

  it('stops once, drops waiters, and deletes a temporary chain', async () => {
    const node = await open();
    const waiting = node.submitAndWait(sign(node, transfer(), 0));
    const timedOut = node.submitAndWait(sign(node, transfer(), 1), { timeoutMs: 1 });
    await expect(timedOut).rejects.toMatchObject({ code: 'InclusionTimeout' });
    expect(existsSync(node.basePath)).toBe(true);
    await Promise.all([node.stop(), node.stop()]);
    await expect(waiting).rejects.toMatchObject({ code: 'NodeStopped' });
    expect(existsSync(node.basePath)).toBe(false);
    expect(() => node.submit(sign(node, transfer(), 2))).toThrowError(
      expect.objectContaining({ code: 'NodeStopped' }),
    );
    expect(() => node.produceBlockNow()).toThrowError(expect.objectContaining({ code: 'NodeStopped' }));
  });

  it('refuses to write after another node moved the chain on, and reloads the stored state', async () => {
    const basePath = tempDir();
    const first = await open({ basePath });
    const second = await open({ basePath });
    second.submit(sign(second, transfer(), 0));
    first.produceBlockNow();
    expect(() => second.produceBlockNow()).toThrowError(expect.objectContaining({ code: 'NotNextBlock' }));
    expect(second.head()).toEqual(first.head());
    expect(encodeRecord(second.state)).toBe(encodeRecord(first.state));
  });
});
