/**
 * The whole loop on the in-process chain: a subnet with one staked validator and three miners on
 * a toy synapse — honest, slower than the timeout, and fast junk — all run by the real BaseMiner
 * and BaseValidator loops with real axons on 127.0.0.1. The test seals a block every 150 ms;
 * with a tempo of 8 blocks an epoch runs every ~1.2 s. After a few tempos the honest miner must hold the
 * highest incentive and the validator must have earned dividends.
 */
import { Type } from '@sinclair/typebox';
import type { ChainNode, InProcessChainClient } from '@subnetkit/chain/node';
import { openTestSubnet } from '@subnetkit/chain/node/testing';
import { TestChain } from '@subnetkit/chain/testing';
import { createLogger, taoToRao } from '@subnetkit/core';
import { Axon, Dendrite, defineSynapse } from '@subnetkit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseMiner, BaseValidator, Metagraph, seededRng, sleep, type ValidatorTask } from '../src/index';

const NETUID = 1;
const BLOCK_MS = 150;
const TIMEOUT_S = 1;
const TEMPO = 8;

const Double = defineSynapse({
  name: 'Double',
  request: { value: Type.Integer() },
  response: { doubled: Type.Integer() },
  hashFields: ['value'],
});

const logger = createLogger({ level: process.env.NEURON_TEST_LOG === '1' ? 'info' : 'silent' });
const hot = (name: string) => TestChain.key(`Bob/${name}`);

const task: ValidatorTask<typeof Double, number> = {
  synapse: Double,
  forward: ({ rng }) => {
    const value = Math.floor(rng() * 1000);
    return { input: { value }, expected: value * 2 };
  },
  reward: (challenge, responses) =>
    responses.map(({ result }) =>
      result.isSuccess && result.response.doubled === challenge.expected ? 1 : 0,
    ),
};

describe('miners and a validator on the in-process chain', () => {
  let node: ChainNode;
  let client: InProcessChainClient;
  let blocks: NodeJS.Timeout;
  const miners: BaseMiner[] = [];
  let validator: BaseValidator<typeof Double, number>;
  const runs: Promise<void>[] = [];

  beforeAll(async () => {
    ({ node, client } = await openTestSubnet({
      netuid: NETUID,
      hyperparameters: {
        tempo: TEMPO,
        weights_rate_limit: 2,
        max_registrations_per_block: 8,
        serving_rate_limit: 0,
      },
      neurons: ['validator', 'honest', 'slow', 'junk'],
      stakes: { validator: taoToRao(1000) },
    }));
    blocks = setInterval(() => {
      if (!node.stopped) node.produceBlockNow();
    }, BLOCK_MS);

    const answers: Record<string, (value: number, signal: AbortSignal) => Promise<number>> = {
      honest: async (value) => value * 2,
      slow: async (value, signal) => {
        await sleep(TIMEOUT_S * 2500, signal);
        return value * 2;
      },
      junk: async (value) => value + 1,
    };
    for (const [name, answer] of Object.entries(answers)) {
      const hotkey = hot(name);
      const axon = new Axon({ hotkey, axon: { ip: '127.0.0.1', port: 0 }, logger, metrics: false });
      const miner = new BaseMiner({
        netuid: NETUID,
        hotkey,
        chain: client,
        axon,
        logger,
        epochLength: 4,
        pollIntervalMs: 50,
        closeGraceMs: 100,
      }).attach(Double, {
        forward: async (input, call) => ({ doubled: await answer(input.value, call.signal) }),
      });
      miners.push(miner);
    }
    const vkey = hot('validator');
    validator = new BaseValidator({
      netuid: NETUID,
      hotkey: vkey,
      chain: client,
      dendrite: new Dendrite({ keypair: vkey, logger }),
      task,
      logger,
      epochLength: 3,
      pollIntervalMs: 50,
      timeout: TIMEOUT_S,
      sampleSize: 3,
      rng: seededRng(7),
    });
    for (const miner of miners) runs.push(miner.run());
    runs.push(validator.run());
  });

  afterAll(async () => {
    await Promise.all([validator?.stop(), ...miners.map((m) => m.stop())]);
    clearInterval(blocks);
    await client?.close();
    await node?.stop();
  });

  it('ranks the honest miner first and pays the validator dividends within a few tempos', async () => {
    const uid = (name: string) => metagraph.uidOf(hot(name).ss58Address)!;
    let metagraph = await Metagraph.sync(client, NETUID);
    const deadline = Date.now() + 25_000;
    // "A few tempos": at least three epochs after the neurons registered.
    const after = metagraph.block + 3 * TEMPO;
    const settled = () => {
      if (metagraph.block < after) return false;
      const honest = metagraph.I[uid('honest')]!;
      return (
        honest > 0 &&
        honest > metagraph.I[uid('slow')]! &&
        honest > metagraph.I[uid('junk')]! &&
        metagraph.D[uid('validator')]! > 0
      );
    };
    while (!settled() && Date.now() < deadline) {
      await sleep(200);
      metagraph = await Metagraph.sync(client, NETUID);
    }
    expect(metagraph.I[uid('honest')]).toBeGreaterThan(metagraph.I[uid('slow')]!);
    expect(metagraph.I[uid('honest')]).toBeGreaterThan(metagraph.I[uid('junk')]!);
    expect(metagraph.D[uid('validator')]).toBeGreaterThan(0);
    expect(metagraph.last_update[uid('validator')]).toBeGreaterThan(0);
    // Every miner announced its axon, and the validator's moving average agrees with the chain.
    for (const name of ['honest', 'slow', 'junk']) expect(metagraph.isServing(uid(name))).toBe(true);
    const scores = validator.scores;
    expect(scores[uid('honest')]).toBeGreaterThan(0);
    expect(scores[uid('slow')]).toBe(0);
    expect(scores[uid('junk')]).toBe(0);
    expect(validator.step).toBeGreaterThan(0);
    expect(miners.every((m) => m.running)).toBe(true);
  });
});
