/**
 * Running a neuron as a process: SIGINT/SIGTERM stop it cleanly (axon closed, state saved), a
 * second signal exits at once, and the way it ended becomes the exit code (`exitCodeFor`).
 */
import type { Logger } from '@subnetkit/core';
import { exitCodeFor } from './errors';

export interface Stoppable {
  stop(): Promise<void>;
}

export interface Runnable extends Stoppable {
  run(): Promise<void>;
}

export interface SignalOptions {
  /** Default SIGINT and SIGTERM. */
  signals?: readonly NodeJS.Signals[];
  logger?: Logger;
  /** Called on the second signal. Default `process.exit(130)`. */
  forceExit?: () => void;
}

/** Calls `neuron.stop()` on the first signal; returns a function that removes the handlers. */
export function stopOnSignals(neuron: Stoppable, options: SignalOptions = {}): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const forceExit = options.forceExit ?? (() => process.exit(130));
  let received = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (received) {
      options.logger?.warn({ signal }, 'second signal: exiting now');
      forceExit();
      return;
    }
    received = true;
    options.logger?.info({ signal }, 'stopping (send it again to exit at once)');
    void neuron.stop();
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}

/**
 * Runs `neuron` until it stops or a signal stops it, and returns the exit code: 0 after a clean
 * stop, 78 for what the user must fix (not registered, no such subnet), 1 otherwise. A bin ends
 * with `process.exitCode = await runNeuron(miner, { logger })`.
 */
export async function runNeuron(neuron: Runnable, options: SignalOptions = {}): Promise<number> {
  const dispose = stopOnSignals(neuron, options);
  try {
    await neuron.run();
    return 0;
  } catch (err) {
    options.logger?.fatal({ err }, err instanceof Error ? err.message : String(err));
    return exitCodeFor(err);
  } finally {
    dispose();
  }
}
