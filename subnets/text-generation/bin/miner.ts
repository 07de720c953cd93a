/**
 * `subnetkit-text-miner`: serves the text-generation model on an axon, announces it on chain
 * and answers registered validators until SIGINT/SIGTERM (then closes the axon, letting requests
 * in flight finish).
 */

import { RpcChainClient } from '@subnetkit/chain/rpc';
import { inferenceOptions } from '@subnetkit/inference';
import { minerConfigOptions, minerSettings, runNeuron } from '@subnetkit/neuron';
import {
  failure,
  neuronLogger,
  type Output,
  parseFlags,
  processOutput,
  walletHotkey,
} from '@subnetkit/neuron/bin';
import { Axon } from '@subnetkit/protocol';
import { TextGenerationMiner, textMinerOptions } from '../src/miner';
import { loadTextPipeline, modelOptions } from '../src/model';
import type { TextGenerationPipeline } from '../src/pipeline';

export const MINER_OPTIONS = [
  ...minerConfigOptions,
  ...inferenceOptions,
  ...modelOptions,
  ...textMinerOptions,
] as const;

const USAGE = `subnetkit-text-miner --netuid 1 --wallet.name NAME --wallet.hotkey HOTKEY
  --subtensor.chain_endpoint ws://HOST:9944 --axon.port 8091 [--model ID|DIR|forged] [--neuron.device auto|cuda|cpu]

Serves subnet 1 (text generation): answers TextGeneration and TextGenerationStream requests of
registered validators with the model, batching concurrent requests.`;

export async function main(argv: readonly string[], output: Output = processOutput): Promise<number> {
  const config = parseFlags(MINER_OPTIONS, argv, USAGE, output);
  if (typeof config === 'number') return config;
  const logger = neuronLogger(config, 'text-miner');
  let pipeline: TextGenerationPipeline | undefined;
  let chain: RpcChainClient | undefined;
  try {
    const hotkey = await walletHotkey(config.wallet);
    pipeline = await loadTextPipeline(config, logger, {
      maxBatchSize: config.miner.max_batch_size,
      maxWaitMs: config.miner.max_wait_ms,
    });
    chain = await RpcChainClient.connect(config.subtensor.chain_endpoint, { logger });
    const miner = new TextGenerationMiner({
      ...minerSettings(config),
      hotkey,
      chain,
      axon: new Axon({ hotkey, axon: config.axon, logger }),
      logger,
      service: pipeline,
    });
    return await runNeuron(miner, { logger });
  } catch (error) {
    return failure(error, logger);
  } finally {
    await chain?.close();
    await pipeline?.dispose();
  }
}
