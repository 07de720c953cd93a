/**
 * The neuron flags of the subnet templates (reference/bittensor-sdk.md §6, §7.1), as option
 * groups for core's `parseConfig` (every flag also reads `BT_*`: `BT_NEURON_SAMPLE_SIZE`), and
 * the conversion of a parsed config into the options of BaseMiner/BaseValidator.
 */
import { join } from 'node:path';
import {
  axonOptions,
  type ConfigOf,
  defineOptions,
  expandHome,
  loggingOptions,
  netuidOption,
  subtensorOptions,
  walletOptions,
} from '@subnetkit/core';
import type { BlacklistPolicy } from './blacklist';
import { STATE_FILE } from './state';

export type NeuronRole = 'miner' | 'validator';

/** Where the SDK keeps neuron folders when `--logging.logging_dir` is not given. */
export const DEFAULT_NEURON_ROOT = '~/.bittensor/miners';

/** Shared by miners and validators. */
export const neuronOptions = defineOptions([
  {
    name: 'neuron.name',
    type: 'string',
    help: 'Name of this neuron, the last folder of neuron.full_path (default: miner or validator).',
  },
  {
    name: 'neuron.epoch_length',
    type: 'integer',
    default: 100,
    min: 1,
    help: 'Blocks between metagraph resyncs (and, for a validator, between weight settings).',
  },
  {
    name: 'neuron.full_path',
    type: 'string',
    help:
      'Folder for this neuron’s state (default: <logging.logging_dir or ~/.bittensor/miners>/' +
      '<wallet.name>/<wallet.hotkey>/netuid<netuid>/<neuron.name>).',
  },
]);

export const minerOptions = defineOptions([
  {
    name: 'blacklist.force_validator_permit',
    type: 'boolean',
    help: 'Serve only callers that hold a validator permit.',
  },
  {
    name: 'blacklist.allow_non_registered',
    type: 'boolean',
    help: 'Also serve callers whose hotkey is not registered on the subnet (not recommended).',
  },
]);

export const validatorOptions = defineOptions([
  {
    name: 'neuron.timeout',
    type: 'number',
    default: 10,
    min: 0.001,
    help: 'Seconds a miner has to answer a query (the template defined this flag but never used it).',
  },
  {
    name: 'neuron.sample_size',
    type: 'integer',
    default: 50,
    min: 1,
    help: 'Miners queried per step.',
  },
  {
    name: 'neuron.moving_average_alpha',
    type: 'number',
    default: 0.1,
    min: 0,
    max: 1,
    help: 'Weight of the newest reward in the moving average of scores.',
  },
  {
    name: 'neuron.disable_set_weights',
    type: 'boolean',
    help: 'Score miners but never set weights on chain.',
  },
  {
    name: 'neuron.vpermit_tao_limit',
    type: 'number',
    default: 4096,
    min: 0,
    help: 'A uid with a validator permit and more stake than this (TAO) is a validator: never queried.',
  },
]);

/** Every flag a miner bin takes. */
export const minerConfigOptions = [
  netuidOption,
  ...walletOptions,
  ...subtensorOptions,
  ...axonOptions,
  ...loggingOptions,
  ...neuronOptions,
  ...minerOptions,
] as const;

/** Every flag a validator bin takes. */
export const validatorConfigOptions = [
  netuidOption,
  ...walletOptions,
  ...subtensorOptions,
  ...loggingOptions,
  ...neuronOptions,
  ...validatorOptions,
] as const;

export type MinerConfig = ConfigOf<typeof minerConfigOptions>;
export type ValidatorConfig = ConfigOf<typeof validatorConfigOptions>;

interface PathConfig {
  netuid: number;
  wallet: { name: string; hotkey: string };
  logging?: { logging_dir?: string | undefined };
  neuron: { name?: string | undefined; full_path?: string | undefined };
}

/** `--neuron.full_path`, or the template's `{logging_dir}/{wallet}/{hotkey}/netuid{n}/{name}`. */
export function neuronFullPath(config: PathConfig, role: NeuronRole): string {
  if (config.neuron.full_path) return expandHome(config.neuron.full_path);
  const root = expandHome(config.logging?.logging_dir || DEFAULT_NEURON_ROOT);
  return join(
    root,
    config.wallet.name,
    config.wallet.hotkey,
    `netuid${config.netuid}`,
    config.neuron.name || role,
  );
}

/** The neuron part of BaseMiner's options from a parsed miner config. */
export function minerSettings(config: MinerConfig): {
  netuid: number;
  epochLength: number;
  blacklist: BlacklistPolicy;
} {
  return {
    netuid: config.netuid,
    epochLength: config.neuron.epoch_length,
    blacklist: {
      forceValidatorPermit: config.blacklist.force_validator_permit,
      allowNonRegistered: config.blacklist.allow_non_registered,
    },
  };
}

/** The neuron part of BaseValidator's options from a parsed validator config. */
export function validatorSettings(config: ValidatorConfig): {
  netuid: number;
  epochLength: number;
  timeout: number;
  sampleSize: number;
  alpha: number;
  disableSetWeights: boolean;
  vpermitTaoLimit: number;
  statePath: string;
} {
  return {
    netuid: config.netuid,
    epochLength: config.neuron.epoch_length,
    timeout: config.neuron.timeout,
    sampleSize: config.neuron.sample_size,
    alpha: config.neuron.moving_average_alpha,
    disableSetWeights: config.neuron.disable_set_weights,
    vpermitTaoLimit: config.neuron.vpermit_tao_limit,
    statePath: join(neuronFullPath(config, 'validator'), STATE_FILE),
  };
}
