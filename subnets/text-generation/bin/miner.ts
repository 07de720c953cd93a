/**
 * `subnetkit-text-miner`: serves the text-generation model on an axon, announces it on chain
 * and answers registered validators until SIGINT/SIGTERM (then closes the axon, letting requests
 * in flight finish).
 */

import { inferenceOptions } from '@subnetkit/inference';
import { minerConfigOptions, minerSettings } from '@subnetkit/neuron';
import { type Output, processOutput, runBin } from '@subnetkit/neuron/bin';
import { Axon } from '@subnetkit/protocol';
import { TextGenerationMiner, textMinerOptions } from '../src/miner';
import { loadTextPipeline, modelOptions } from '../src/model';

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

export function main(argv: readonly string[], output: Output = processOutput): Promise<number> {
  return runBin(
    { options: MINER_OPTIONS, usage: USAGE, name: 'text-miner' },
    argv,
    output,
    async ({ config, logger, hotkey, connect, onClose }) => {
      const pipeline = await loadTextPipeline(config, logger, {
        maxBatchSize: config.miner.max_batch_size,
        maxWaitMs: config.miner.max_wait_ms,
      });
      onClose(() => pipeline.dispose());
      const chain = await connect();
      return new TextGenerationMiner({
        ...minerSettings(config),
        hotkey,
        chain,
        axon: new Axon({ hotkey, axon: config.axon, logger }),
        logger,
        service: pipeline,
      });
    },
  );
}
