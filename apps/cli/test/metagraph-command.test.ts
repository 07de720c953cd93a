import type { Call } from '@subnetkit/chain';
import { signExtrinsic } from '@subnetkit/chain';
import { ChainNode } from '@subnetkit/chain/node';
import { RpcServer } from '@subnetkit/chain/rpc';
import { TestChain } from '@subnetkit/chain/testing';
import { cryptoReady } from '@subnetkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/io';
import { main } from '../src/main';
import type { MetagraphJson } from '../src/metagraph';

const TAO = 1_000_000_000n;
let node: ChainNode;
let server: RpcServer;

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  await cryptoReady();
  node = await ChainNode.open({ sealing: 'manual' });
  server = await RpcServer.listen(node, { port: 0 });
  const submit = (key: string, call: Call) => {
    const signer = TestChain.key(key);
    node.submit(signExtrinsic(call, signer, node.nextNonce(signer.ss58Address), node.genesisHash));
  };
  const hot = (name: string) => TestChain.key(`${name}/hot`).ss58Address;
  submit('Alice', { call: 'register_network', hotkey: hot('Alice'), netuid: 1 });
  node.produceBlockNow();
  submit('Bob', { call: 'burned_register', netuid: 1, hotkey: hot('Bob') });
  submit('Bob', { call: 'add_stake', hotkey: hot('Bob'), amount: 1500n * TAO });
  node.produceBlockNow();
  submit('Bob/hot', {
    call: 'serve_axon',
    netuid: 1,
    version: 1,
    ip: '10.0.0.7',
    port: 8091,
    ip_type: 4,
    protocol: 4,
  });
  node.produceBlockNow();
});

afterAll(async () => {
  await server?.close();
  await node?.stop();
});

describe('subnetkit metagraph', () => {
  it('prints the metagraph as a table', async () => {
    const { code, stdout, stderr } = await run(
      'metagraph',
      '--netuid',
      '1',
      '--subtensor.chain_endpoint',
      server.url,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^Metagraph: netuid 1, block 3, n 2\/256/);
    expect(lines[2]).toMatch(
      /UID\s+HOTKEY\s+COLDKEY\s+STAKE\(τ\)\s+CONSENSUS\s+INCENTIVE\s+DIVIDENDS\s+VTRUST/,
    );
    const bob = lines.find((l) => l.includes('10.0.0.7:8091'));
    expect(bob).toMatch(/^\s*1\s+\S+…\S+\s+\S+…\S+\s+1500\.0000\s+0\.00000/);
  });

  it('prints JSON with the SDK field names', async () => {
    const { code, stdout } = await run(
      'metagraph',
      '--netuid=1',
      `--subtensor.chain_endpoint=${server.url}`,
      '--json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as MetagraphJson;
    expect(json).toMatchObject({
      netuid: 1,
      n: 2,
      block: 3,
      uids: [0, 1],
      hotkeys: [TestChain.key('Alice/hot').ss58Address, TestChain.key('Bob/hot').ss58Address],
      coldkeys: [TestChain.key('Alice').ss58Address, TestChain.key('Bob').ss58Address],
      addresses: ['/ipv4/0.0.0.0:0', '/ipv4/10.0.0.7:8091'],
      stake: [0, 1500],
      active: [1, 1],
      validator_permit: [false, false],
      weights: [],
      bonds: [],
      hparams: { tempo: 360 },
    });
    expect(json.axons[1]).toMatchObject({ ip: '10.0.0.7', port: 8091, protocol: 4, hotkey: json.hotkeys[1] });
    const full = JSON.parse(
      (await run('metagraph', '--subtensor.chain_endpoint', server.url, '--json', '--no-lite')).stdout,
    );
    expect(full.weights).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('names a missing subnet and the ones that exist, exit 1', async () => {
    const { code, stdout, stderr } = await run(
      'metagraph',
      '--netuid',
      '7',
      '--subtensor.chain_endpoint',
      server.url,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `subnetkit metagraph: subnet 7 does not exist on ${server.url}; existing netuids: 1\n`,
    );
  });

  it('says what to do when no node listens at the endpoint, exit 1', async () => {
    const { code, stderr } = await run(
      'metagraph',
      '--netuid',
      '1',
      '--subtensor.chain_endpoint',
      'ws://127.0.0.1:9',
    );
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /cannot reach a chain node at ws:\/\/127\.0\.0\.1:9; start one with `subnetkit-node --dev`/,
    );
  });

  it('refuses bad usage with exit 2', async () => {
    expect((await run('metagraph', '--netuid', 'x')).code).toBe(2);
    expect((await run('metagraph', '--subtensor.network', 'finney')).stderr).toMatch(
      /unknown network "finney"/,
    );
    expect((await run('metagraf')).code).toBe(2);
    expect((await run()).code).toBe(2);
    expect((await run('--help')).stdout).toMatch(/metagraph\s+Show a subnet's metagraph/);
  });
});
