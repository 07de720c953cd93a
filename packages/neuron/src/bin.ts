/**
 * What every subnet's bins do around their neuron: parse btcli-style flags (with `--help`), make
 * the logger, read the wallet's hotkey, and turn a failure before the neuron runs into an exit
 * code that means something (64 usage, 78 setup; see `exitCodeFor`).
 *
 * Its own entry point (`@subnetkit/neuron/bin`) because it knows the model runtime's errors: the
 * library entry stays free of transformers.js and onnxruntime-node for code that only needs the
 * metagraph or the base loops.
 */
import { RpcChainClient } from '@subnetkit/chain/rpc';
import {
  ConfigError,
  type ConfigOf,
  createLogger,
  formatHelp,
  type Keypair,
  type Logger,
  type LoggingConfig,
  type OptionDefinition,
  parseConfig,
  Wallet,
} from '@subnetkit/core';
import { InferenceError } from '@subnetkit/inference';
import { EXIT_CONFIG, EXIT_USAGE, exitCodeFor } from './errors';
import { type Runnable, runNeuron } from './run';

/** Where a bin writes its help and flag errors; tests pass their own. */
export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** The parsed config, or the exit code when there is nothing to run (`--help`, a bad flag). */
export function parseFlags<const D extends readonly OptionDefinition[]>(
  definitions: D,
  argv: readonly string[],
  usage: string,
  output: Output,
): ConfigOf<D> | number {
  try {
    const parsed = parseConfig(definitions, { argv });
    if (parsed.help) {
      output.out(`${formatHelp(definitions, usage)}\n`);
      return 0;
    }
    return parsed.config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    output.err(`${error.message}\n`);
    return EXIT_USAGE;
  }
}

/** The bin's logger from its `logging.*` flags, named for the role (`text-miner`). */
export function neuronLogger(config: { logging: LoggingConfig }, name: string): Logger {
  return createLogger({ logging: config.logging }, { name });
}

/** The hotkey of the wallet the `wallet.*` flags name. */
export async function walletHotkey(wallet: { name: string; hotkey: string; path: string }): Promise<Keypair> {
  return new Wallet({ name: wallet.name, hotkey: wallet.hotkey, path: wallet.path }).getHotkey();
}

// A model that is not there, a dtype it lacks or CUDA asked for and missing: the user's to fix.
const SETUP_ERRORS: ReadonlySet<string> = new Set([
  'ModelNotFound',
  'MissingModelFiles',
  'UnsupportedDtype',
  'CudaUnavailable',
]);

/** Logs why the process could not start or run, and returns its exit code. */
export function failure(error: unknown, logger: Logger): number {
  logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  if (error instanceof InferenceError && SETUP_ERRORS.has(error.code)) return EXIT_CONFIG;
  return exitCodeFor(error);
}

/** What `runBin` reads of every bin's config: core's wallet, subtensor and logging groups. */
interface BinConfig {
  wallet: { name: string; hotkey: string; path: string };
  subtensor: { chain_endpoint: string };
  logging: LoggingConfig;
}

export interface BinSpec<D extends readonly OptionDefinition[]> {
  /** The bin's flags; they include neuron's `minerConfigOptions` or `validatorConfigOptions`. */
  options: D;
  /** The first lines of `--help`. */
  usage: string;
  /** The logger's name (`text-miner`). */
  name: string;
}

export interface BinContext<C> {
  config: C;
  logger: Logger;
  hotkey: Keypair;
  /** Connects to `--subtensor.chain_endpoint`; the client is closed when the bin ends. */
  connect(): Promise<RpcChainClient>;
  /** Runs `cleanup` when the bin ends (the last registered first), after the neuron stopped. */
  onClose(cleanup: () => Promise<void> | void): void;
}

/**
 * A subnet bin's `main`: parses the flags (`--help` 0, a bad flag 64), makes the logger, reads
 * the hotkey, lets `start` load what the neuron needs and build it, runs it until a signal, and
 * returns the exit code (`failure` for what went wrong before or while it ran). Whatever `start`
 * opened through `connect` and `onClose` is closed at the end, in reverse order, each even if another fails.
 */
export async function runBin<const D extends readonly OptionDefinition[]>(
  spec: BinSpec<D>,
  argv: readonly string[],
  output: Output,
  start: (context: BinContext<ConfigOf<D>>) => Promise<Runnable>,
): Promise<number> {
  const config = parseFlags(spec.options, argv, spec.usage, output);
  if (typeof config === 'number') return config;
  const base = config as unknown as BinConfig;
  const logger = neuronLogger(base, spec.name);
  const cleanups: Array<() => Promise<void> | void> = [];
  let code: number;
  try {
    const hotkey = await walletHotkey(base.wallet);
    const neuron = await start({
      config,
      logger,
      hotkey,
      connect: async () => {
        const chain = await RpcChainClient.connect(base.subtensor.chain_endpoint, { logger });
        cleanups.push(() => chain.close());
        return chain;
      },
      onClose: (cleanup) => {
        cleanups.push(cleanup);
      },
    });
    code = await runNeuron(neuron, { logger });
  } catch (error) {
    code = failure(error, logger);
  }
  // Every cleanup runs even if one fails (a chain that will not close must not keep the model
  // loaded), and a failed one is a failed run, not a rejection out of the bin's main.
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      logger.error({ err: error }, 'cleanup failed');
      if (code === 0) code = 1;
    }
  }
  return code;
}
