/**
 * `subnetkit-text-validator`: each block, sends a generated prompt to a sample of the subnet's
 * miners, scores their completions against its own greedy reference and their latency, keeps the
 * moving average and sets weights every epoch, until SIGINT/SIGTERM (then saves its state).
 */
import { inferenceOptions } from '@subnetkit/inference';
import { BaseValidator, validatorConfigOptions, validatorSettings } from '@subnetkit/neuron';
import { type Output, processOutput, runBin } from '@subnetkit/neuron/bin';
import { Dendrite } from '@subnetkit/protocol';
import { loadTextPipeline, modelOptions } from '../src/model';
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

export function main(argv: readonly string[], output: Output = processOutput): Promise<number> {
  return runBin(
    { options: VALIDATOR_OPTIONS, usage: USAGE, name: 'text-validator' },
    argv,
    output,
    async ({ config, logger, hotkey, connect, onClose }) => {
      const pipeline = await loadTextPipeline(config, logger);
      onClose(() => pipeline.dispose());
      const chain = await connect();
      const settings = validatorSettings(config);
      return new BaseValidator({
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
    },
  );
}
