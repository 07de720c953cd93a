/**
 * Subnet 1 end to end, offline, on the forged tiny GPT-2: five miners on real axons on
 * 127.0.0.1 — honest (the batched pipeline), empty, fast junk, slower than the timeout, and one
 * that copies the honest miner's answer (it asks the honest miner and returns what it says) —
 * scored by the validator's challenge, greedy reference and reward. First through the dendrite
 * directly, then through the real BaseMiner/BaseValidator loops on an in-process chain, where the
 * scores become weights and the epoch pays the honest miner the most.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChainNode, InProcessChainClient } from '@subnetkit/chain/node';
import { openTestSubnet } from '@subnetkit/chain/node/testing';
import { TestChain } from '@subnetkit/chain/testing';
import { createLogger, type Keypair, taoToRao } from '@subnetkit/core';
import { createRng } from '@subnetkit/model-forge';
import { BaseValidator, Metagraph, seededRng, sleep, updateScores } from '@subnetkit/neuron';
import { Axon, type AxonTarget, Dendrite } from '@subnetkit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachTextGeneration,
  forgedModelFolder,
  outcomeOf,
  type ReferencedChallenge,
  referencedChallenge,
  rewardStep,
  type ScoredStep,
  TextGeneration,
  TextGenerationMiner,
  TextGenerationPipeline,
  type TextGenerationRequest,
  type TextGenerationService,
  TextGenerationStream,
  textGenerationTask,
} from '../src/index';

const NETUID = 1;
/** Seconds a miner has; the slow miner answers only after it. */
const TIMEOUT_S = 2;
const MAX_NEW_TOKENS = 16;
const MINERS = ['honest', 'empty', 'junk', 'slow', 'copier'] as const;
type MinerName = (typeof MINERS)[number];

const logger = createLogger({ level: process.env.SUBNET_TEST_LOG === '1' ? 'info' : 'silent' });
const hot = (name: string): Keypair => TestChain.key(`Bob/text-${name}`);

let root: string;
let honestModel: TextGenerationPipeline;
let validatorModel: TextGenerationPipeline;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'text-subnet-'));
  const folder = await forgedModelFolder(root);
  // Two copies, as on two machines: the validator's reference comes from its own.
  [honestModel, validatorModel] = await Promise.all([
    TextGenerationPipeline.load(folder, { device: 'cpu', offline: true, logger }),
    TextGenerationPipeline.load(folder, { device: 'cpu', offline: true, logger }),
  ]);
});

afterAll(async () => {
  await Promise.all(copierDendrites.map((dendrite) => dendrite.close()));
  await Promise.all([honestModel?.dispose(), validatorModel?.dispose()]);
  await rm(root, { recursive: true, force: true });
});

/** The copier's dendrites, closed at the end. */
const copierDendrites: Dendrite[] = [];

/** The dishonest miners' services; `source` is where the copier gets its answers. */
function services(source: () => AxonTarget, copierKey: Keypair): Record<MinerName, TextGenerationService> {
  const junkRng = createRng(99);
  const copier = new Dendrite({ keypair: copierKey, logger });
  copierDendrites.push(copier);
  const unstreamed = async function* (): AsyncGenerator<string> {};
  return {
    honest: honestModel,
    empty: { complete: async () => ({ completion: '' }), stream: unstreamed },
    junk: {
      complete: async (request) => ({
        completion: Array.from({ length: 4 * (request.max_new_tokens ?? 16) }, () =>
          String.fromCharCode(32 + Math.floor(junkRng.uniform() * 95)),
        ).join(''),
      }),
      stream: unstreamed,
    },
    slow: {
      complete: async (request) => {
        await sleep(TIMEOUT_S * 1000 * 1.5);
        return honestModel.complete(request);
      },
      stream: unstreamed,
    },
    copier: {
      complete: async (request: TextGenerationRequest) => {
        const copied = await copier.call(source(), TextGeneration, request, { timeout: TIMEOUT_S });
        return copied.isSuccess ? copied.response : { completion: '' };
      },
      stream: unstreamed,
    },
  };
}

describe('rewards over real axons and the dendrite', () => {
  const axons = new Map<MinerName, Axon>();
  const targets = new Map<MinerName, AxonTarget>();
  let dendrite: Dendrite;

  beforeAll(async () => {
    const fakes = services(() => targets.get('honest')!, hot('copier'));
    for (const name of MINERS) {
      const axon = new Axon({
        hotkey: hot(name),
        axon: { ip: '127.0.0.1', port: 0 },
        logger,
        metrics: false,
      });
      attachTextGeneration(axon, fakes[name]);
      const port = await axon.listen();
      axons.set(name, axon);
      targets.set(name, { ip: '127.0.0.1', port, hotkey: axon.hotkey });
    }
    dendrite = new Dendrite({ keypair: hot('validator'), logger });
  });

  afterAll(async () => {
    await dendrite?.close();
    await Promise.all([...axons.values()].map((axon) => axon.close({ graceMs: 100 })));
  });

  it('ranks the honest miner above empty, junk, slow and copying miners, step after step', async () => {
    let scores = MINERS.map(() => 0);
    const uids = MINERS.map((_, uid) => uid);
    for (const seed of [11, 12]) {
      const { challenge, reference } = await referencedChallenge(validatorModel, seed, {
        maxNewTokens: MAX_NEW_TOKENS,
      });
      expect(reference.trim()).not.toBe('');
      const results = await dendrite.forward(
        MINERS.map((name) => targets.get(name)!),
        TextGeneration,
        challenge.request,
        { timeout: TIMEOUT_S },
      );
      const rewards = rewardStep(
        reference,
        results.map((result, uid) => outcomeOf(uid, result)),
        { timeout: TIMEOUT_S },
      );
      const byName = Object.fromEntries(MINERS.map((name, uid) => [name, rewards[uid]!]));
      expect(byName.honest).toMatchObject({ quality: 1, reason: 'scored' });
      expect(byName.empty).toMatchObject({ reward: 0, reason: 'empty' });
      expect(byName.junk).toMatchObject({ reward: 0 });
      expect(byName.slow).toMatchObject({ reward: 0, reason: 'timeout' });
      // The copier returns the reference too, but only after the honest miner has answered it.
      expect(byName.copier).toMatchObject({ quality: 1, reason: 'scored' });
      expect(byName.copier!.reward).toBeLessThan(byName.honest!.reward);
      scores = updateScores(
        scores,
        uids,
        rewards.map((r) => r.reward),
      );
    }
    const ranked = [...MINERS].sort((a, b) => scores[MINERS.indexOf(b)]! - scores[MINERS.indexOf(a)]!);
    expect(ranked.slice(0, 2)).toEqual(['honest', 'copier']);
    for (const name of ['empty', 'junk', 'slow'] as const) expect(scores[MINERS.indexOf(name)]).toBe(0);
  });

  it('streams a completion from the honest miner that adds up to its whole answer', async () => {
    const request = { prompt: 'The most interesting thing about tides is', max_new_tokens: MAX_NEW_TOKENS };
    const call = dendrite.stream(targets.get('honest')!, TextGenerationStream, request, {
      timeout: TIMEOUT_S * 4,
    });
    let streamed = '';
    for await (const chunk of call) streamed += chunk;
    expect((await call.result).statusCode).toBe(200);
    expect(streamed).toBe((await honestModel.complete(request)).completion);
  });
});

describe('the real BaseMiner and BaseValidator loops on an in-process chain', () => {
  const BLOCK_MS = 150;
  const TEMPO = 8;
  let node: ChainNode;
  let client: InProcessChainClient;
  let blocks: NodeJS.Timeout;
  const miners = new Map<MinerName, TextGenerationMiner>();
  let validator: BaseValidator<typeof TextGeneration, ReferencedChallenge>;
  const scored: ScoredStep[] = [];

  beforeAll(async () => {
    ({ node, client } = await openTestSubnet({
      netuid: NETUID,
      hyperparameters: {
        tempo: TEMPO,
        weights_rate_limit: 2,
        max_registrations_per_block: 8,
        serving_rate_limit: 0,
      },
      neurons: ['validator', ...MINERS],
      stakes: { validator: taoToRao(1000) },
      hotkey: hot,
    }));
    blocks = setInterval(() => {
      if (!node.stopped) node.produceBlockNow();
    }, BLOCK_MS);

    const fakes = services(() => miners.get('honest')!.axon.info(), hot('copier'));
    for (const name of MINERS) {
      const hotkey = hot(name);
      miners.set(
        name,
        new TextGenerationMiner({
          netuid: NETUID,
          hotkey,
          chain: client,
          axon: new Axon({ hotkey, axon: { ip: '127.0.0.1', port: 0 }, logger, metrics: false }),
          logger,
          epochLength: 4,
          pollIntervalMs: 50,
          closeGraceMs: 100,
          service: fakes[name],
        }),
      );
    }
    const vkey = hot('validator');
    validator = new BaseValidator({
      netuid: NETUID,
      hotkey: vkey,
      chain: client,
      dendrite: new Dendrite({ keypair: vkey, logger }),
      task: textGenerationTask({
        model: validatorModel,
        timeout: TIMEOUT_S,
        maxNewTokens: MAX_NEW_TOKENS,
        onScored: (step) => scored.push(step),
      }),
      logger,
      epochLength: 3,
      pollIntervalMs: 50,
      timeout: TIMEOUT_S,
      sampleSize: MINERS.length,
      rng: seededRng(5),
    });
    for (const miner of miners.values()) void miner.run();
    void validator.run();
  });

  afterAll(async () => {
    await Promise.all([validator?.stop(), ...[...miners.values()].map((miner) => miner.stop())]);
    clearInterval(blocks);
    await client?.close();
    await node?.stop();
  });

  it('scores the honest miner highest and the chain pays it the most incentive', async () => {
    const deadline = Date.now() + 40_000;
    let metagraph = await Metagraph.sync(client, NETUID);
    const uid = (name: string): number => metagraph.uidOf(hot(name).ss58Address)!;
    const settled = (): boolean =>
      validator.step >= 2 &&
      metagraph.I[uid('honest')]! > 0 &&
      MINERS.every((name) => name === 'honest' || metagraph.I[uid('honest')]! > metagraph.I[uid(name)]!);
    while (!settled() && Date.now() < deadline) {
      await sleep(200);
      metagraph = await Metagraph.sync(client, NETUID);
    }
    const scores = validator.scores;
    for (const name of ['empty', 'junk', 'slow'] as const) expect(scores[uid(name)]).toBe(0);
    expect(scores[uid('honest')]).toBeGreaterThan(scores[uid('copier')]!);
    expect(scores[uid('copier')]).toBeGreaterThan(0);
    for (const name of MINERS.filter((name) => name !== 'honest')) {
      expect(metagraph.I[uid('honest')]).toBeGreaterThan(metagraph.I[uid(name)]!);
    }
    expect(metagraph.D[uid('validator')]).toBeGreaterThan(0);
    // Each step's reasons, as the task reported them.
    expect(scored.length).toBeGreaterThanOrEqual(2);
    for (const step of scored) {
      const reason = (name: MinerName) => step.rewards.find((r) => r.uid === uid(name))!.reason;
      expect([reason('honest'), reason('empty'), reason('slow')]).toEqual(['scored', 'empty', 'timeout']);
    }
  });
});
