/**
 * Why a neuron cannot run. Each code is something the user fixes (register the hotkey, pass an
 * external address), so a bin exits with a code that tells a process manager not to restart it
 * (`exitCodeFor`) instead of crash-looping against the same wall.
 */
import { ConfigError, WalletError } from '@subnetkit/core';

export type NeuronErrorCode =
  /** The wallet's hotkey holds no uid on the subnet (never registered, or deregistered). */
  | 'NotRegistered'
  /** The subnet does not exist on this chain. */
  | 'SubnetNotFound'
  /** The axon would announce an address nobody can dial (0.0.0.0, ::). */
  | 'InvalidAxonAddress'
  /** `run()` was called on a neuron that is already running or was stopped. */
  | 'InvalidLifecycle';

export class NeuronError extends Error {
  override readonly name = 'NeuronError';

  constructor(
    readonly code: NeuronErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** sysexits.h: a usage error (bad flag). */
export const EXIT_USAGE = 64;
/** sysexits.h: a configuration error (not registered, no such subnet, no wallet). */
export const EXIT_CONFIG = 78;

/**
 * The process exit code for an error that ended a neuron: 64 for a bad flag, 78 for a setup the
 * user must fix (systemd: `RestartPreventExitStatus=64 78`; pm2: `stop_exit_codes`), 1 otherwise.
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ConfigError) return EXIT_USAGE;
  if (error instanceof NeuronError && error.code !== 'InvalidLifecycle') return EXIT_CONFIG;
  if (error instanceof WalletError) return EXIT_CONFIG;
  return 1;
}
