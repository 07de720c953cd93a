/**
 * The two bins as a user runs them: flags and help, then each role as its own process against a
 * chain node's JSON-RPC endpoint, with btcli wallets on disk and the forged model offline — the
 * miner announces its axon, the validator scores it and sets weights, and SIGTERM stops both
 * cleanly (exit code 0).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChainNode, InProcessChainClient } from '@subnetkit/chain/node';
import { openTestSubnet } from '@subnetkit/chain/node/testing';
import { RpcServer } from '@subnetkit/chain/rpc';
import { TestChain } from '@subnetkit/chain/testing';
import { type Keypair, taoToRao, Wallet } from '@subnetkit/core';
import { EXIT_USAGE, Metagraph, sleep } from '@subnetkit/neuron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as minerMain } from '../bin/miner';
import { main as validatorMain } from '../bin/validator';

const NETUID = 1;

/** A port nothing listens on now (`--axon.port` takes 1–65535, not 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function capture(): {
  out: string;
  err: string;
  output: { out: (t: string) => void; err: (t: string) => void };
} {
  const captured = { out: '', err: '' };
  return {
    get out() {
      return captured.out;
    },
    get err() {
      return captured.err;
    },
    output: {
      out: (text) => {
        captured.out += text;
      },
      err: (text) => {
        captured.err += text;
      },
    },
  };
}

describe('bin flags', () => {
  it('prints the btcli-style flags on --help and exits 0', async () => {
    for (const main of [minerMain, validatorMain]) {
      const io = capture();
      expect(await main(['--help'], io.output)).toBe(0);
      for (const flag of [
        '--netuid',
        '--wallet.name',
        '--wallet.hotkey',
        '--subtensor.chain_endpoint',
        '--neuron.device',
        '--model',
      ]) {
        expect(io.out).toContain(flag);
      }
    }
    const io = capture();
    await minerMain(['--help'], io.output);
    expect(io.out).toContain('--axon.port');
    expect(io.out).toContain('--miner.max_batch_size');
  });

  it('exits 64 on a flag it does not know, naming the one meant', async () => {
    const io = capture();
    expect(await minerMain(['--axon.prot', '1'], io.output)).toBe(EXIT_USAGE);
    expect(io.err).toContain('--axon.port');
  });
});

describe('each role as its own process against a chain endpoint', () => {
  let root: string;
  let node: ChainNode;
  let client: InProcessChainClient;
  let rpc: RpcServer;
  const children: ChildProcess[] = [];

  const hot = (name: string): Keypair => TestChain.key(`Bob/bin-${name}`);

  function start(
    bin: string,
    args: string[],
  ): { child: ChildProcess; exited: Promise<number | null>; log: () => string } {
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'bin', bin), ...args], {
      env: { ...process.env, BT_LOGGING_JSON: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout!.on('data', (data) => {
      log += String(data);
    });
    child.stderr!.on('data', (data) => {
      log += String(data);
    });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, exited, log: () => log };
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'text-bins-'));
    ({ node, client } = await openTestSubnet({
      netuid: NETUID,
      // Validator permits are given at epochs: a short tempo gives one within seconds.
      hyperparameters: {
        tempo: 8,
        weights_rate_limit: 1,
        serving_rate_limit: 0,
        max_registrations_per_block: 8,
      },
      neurons: ['validator', 'miner'],
      stakes: { validator: taoToRao(1000) },
      hotkey: hot,
    }));
    rpc = await RpcServer.listen(node, { port: 0 });
    for (const name of ['validator', 'miner']) {
      await new Wallet({ name: 'bins', hotkey: name, path: join(root, 'wallets') }).setHotkey(hot(name));
    }
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await rpc?.close();
    await client?.close();
    await node?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('serves, scores, sets weights, and stops on SIGTERM with exit code 0', async () => {
    const common = [
      '--netuid',
      String(NETUID),
      '--wallet.name',
      'bins',
      '--wallet.path',
      join(root, 'wallets'),
      '--subtensor.chain_endpoint',
      rpc.url,
      '--neuron.device',
      'cpu',
      '--inference.offline',
      '--inference.cache_dir',
      join(root, 'models'),
      '--neuron.epoch_length',
      '2',
      '--logging.logging_dir',
      join(root, 'neurons'),
    ];
    const miner = start('subnetkit-text-miner.js', [
      ...common,
      '--wallet.hotkey',
      'miner',
      '--axon.port',
      String(await freePort()),
    ]);
    const validator = start('subnetkit-text-validator.js', [
      ...common,
      '--wallet.hotkey',
      'validator',
      '--neuron.timeout',
      '8',
      '--validator.max_new_tokens',
      '8',
    ]);
    const blocks = setInterval(() => {
      if (!node.stopped) node.produceBlockNow();
    }, 100);
    try {
      const deadline = Date.now() + 45_000;
      let metagraph = await Metagraph.sync(client, NETUID, { lite: false });
      const uid = (name: string): number => metagraph.uidOf(hot(name).ss58Address)!;
      const weighted = (): boolean => (metagraph.weights[uid('validator')]?.[uid('miner')] ?? 0) > 0;
      const running = (): boolean => miner.child.exitCode === null && validator.child.exitCode === null;
      while (Date.now() < deadline && running() && !weighted()) {
        await sleep(250);
        metagraph = await Metagraph.sync(client, NETUID, { lite: false });
      }
      const logs = `validator:\n${validator.log()}\nminer:\n${miner.log()}`;
      expect(metagraph.isServing(uid('miner')), logs).toBe(true);
      // One miner, scored: all of the validator's weight goes to it.
      expect(metagraph.weights[uid('validator')]![uid('miner')], logs).toBeCloseTo(1, 6);
    } finally {
      clearInterval(blocks);
    }
    miner.child.kill('SIGTERM');
    validator.child.kill('SIGTERM');
    expect(await miner.exited).toBe(0);
    expect(await validator.exited).toBe(0);
    expect(miner.log()).toContain('miner stopped');
    expect(validator.log()).toContain('validator stopped');
  }, 90_000);
});
