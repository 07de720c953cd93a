import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signExtrinsic } from '../extrinsic';
import { ChainNode } from '../node/chain-node';
import { TestChain } from '../testing';
import { main } from './state-dump';

let basePath: string;
let node: ChainNode;

function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** A running node (manual sealing) at block 2: Alice sent Bob 7 rao in block 1. */
beforeAll(async () => {
  basePath = mkdtempSync(join(tmpdir(), 'state-dump-'));
  node = await ChainNode.open({ basePath, sealing: 'manual' });
  const alice = TestChain.key('Alice');
  const bob = TestChain.key('Bob');
  node.submit(
    signExtrinsic({ call: 'transfer', dest: bob.ss58Address, amount: 7n }, alice, 0, node.genesisHash),
  );
  node.produceBlockNow();
  node.produceBlockNow();
});

afterAll(async () => {
  await node.stop();
  rmSync(basePath, { recursive: true, force: true });
});

describe('subnetkit-state-dump', () => {
  it('prints the records of the last block beside the running node, bigint as strings', () => {
    const out = run('--base-path', basePath);
    expect(out.code).toBe(0);
    const { block, hash, records } = out.json();
    expect([block, hash]).toEqual([2, node.head().hash]);
    expect(records.global).toMatchObject({ block: 2, totalIssuance: '6000000000000000' });
    expect(records[`account:${TestChain.key('Bob').ss58Address}`]).toEqual({
      free: '1000000000000007',
      nonce: 0,
    });
  });

  it('filters by key prefix and rebuilds an earlier block by replay', () => {
    const accounts = run('--base-path', basePath, '--key', 'account:').json().records;
    expect(Object.keys(accounts)).toHaveLength(6);
    const genesis = run(
      '--base-path',
      basePath,
      '--block',
      '0',
      '--key',
      `account:${TestChain.key('Bob').ss58Address}`,
    );
    expect(genesis.json()).toMatchObject({ block: 0, hash: node.genesisHash });
    expect(Object.values(genesis.json().records)).toEqual([{ free: '1000000000000000', nonce: 0 }]);
    expect(run('--base-path', basePath, '--block', '1', '--pretty').stdout).toContain('\n  "block": 1,');
  });

  it('exits 1 without a chain or block there, and 2 on bad usage', () => {
    const empty = mkdtempSync(join(tmpdir(), 'state-dump-empty-'));
    try {
      expect(run('--base-path', empty)).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('NotInitialized'),
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(run('--base-path', basePath, '--block', '9')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('BlockNotFound'),
    });
    expect(run().code).toBe(2);
    expect(run('--base-path', basePath, '--block', 'x').code).toBe(2);
    expect(run('--base-path', basePath, '--nope').code).toBe(2);
    expect(run('--help')).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage') });
  });
});
