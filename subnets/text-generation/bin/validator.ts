/**
 * `subnetkit-text-validator`: each block, sends a generated prompt to a sample of the subnet's
 * miners, scores their completions against its own greedy reference and their latency, keeps the
 * moving average and sets weights every epoch, until SIGINT/SIGTERM (then saves its state).
 */
import { RpcChainClient } from '@subnetkit/chain/rpc';
import { inferenceOptions } from '@subnetkit/inference';
import { BaseValidator, runNeuron, validatorConfigOptions, validatorSettings } from '@subnetkit/neuron';
import {
  failure,
  neuronLogger,
  type Output,
  parseFlags,
  processOutput,
  walletHotkey,
} from '@subnetkit/neuron/bin';
import { Dendrite } from '@subnetkit/protocol';
import { loadTextPipeline, modelOptions } from '../src/model';
import type { TextGenerationPipeline } from '../src/pipeline';
import { textGenerationTask, textValidatorOptions } from '../src/validator';

export const VALIDATOR_OPTIONS = [
  ...validatorConfigOptions,
  ...inferenceOptions,
  ...modelOptions,
  ...textValidatorOptions,
] as const;

const USAGE = `subnetkit-text-validator --netuid 1 --wallet.name NAME --wallet.hotkey HOTKEY
  --subtensor.chain_endpoint ws://HOST:9944 [--model ID|DIR|forged] [--neuron.device auto|cuda|cpu]

Validates subnet 1 (text generation): sends generated prompts to miners, scores their completions
against its own greedy reference from the same model and their latency, and sets weights.`;

export async function main(argv: readonly string[], output: Output = processOutput): Promise<number> {
  const config = parseFlags(VALIDATOR_OPTIONS, argv, USAGE, output);
  if (typeof config === 'number') return config;
  const logger = neuronLogger(config, 'text-validator');
  let pipeline: TextGenerationPipeline | undefined;
  let chain: RpcChainClient | undefined;
  try {
    const hotkey = await walletHotkey(config.wallet);
    pipeline = await loadTextPipeline(config, logger);
    chain = await RpcChainClient.connect(config.subtensor.chain_endpoint, { logger });
    const settings = validatorSettings(config);
    const validator = new BaseValidator({
      ...settings,
      hotkey,
      chain,
      dendrite: new Dendrite({ keypair: hotkey, logger }),
      logger,
      task: textGenerationTask({
        model: pipeline,
        timeout: settings.timeout,
        maxNewTokens: config.validator.max_new_tokens,
        latencyWeight: config.validator.latency_weight,
        onScored: ({ step, challenge, rewards }) =>
          logger.debug(
            {
              step,
              seed: challenge.seed,
              topic: challenge.topic,
              reasons: rewards.map((r) => [r.uid, r.reason]),
            },
            'text-generation rewards',
          ),
      }),
    });
    return await runNeuron(validator, { logger });
  } catch (error) {
    return failure(error, logger);
  } finally {
    await chain?.close();
    await pipeline?.dispose();
  }
}
