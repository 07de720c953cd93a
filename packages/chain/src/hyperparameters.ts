import { reject } from './errors';

/**
 * Per-subnet hyperparameters with Subtensor's defaults for a new subnet (reference/yuma.md §b).
 * Names are Subtensor's storage names in snake_case, as btcli shows them.
 */
export interface Hyperparameters {
  tempo: number;
  kappa: number;
  immunity_period: number;
  max_allowed_uids: number;
  max_allowed_validators: number;
  min_allowed_weights: number;
  weights_rate_limit: number;
  weights_version: number;
  activity_cutoff: number;
  bonds_moving_average: number;
  bonds_penalty: number;
  yuma3: boolean;
  liquid_alpha: boolean;
  alpha_low: number;
  alpha_high: number;
  alpha_sigmoid_steepness: number;
  registration_allowed: boolean;
  max_registrations_per_block: number;
  target_registrations_per_interval: number;
  adjustment_interval: number;
  min_burn: bigint;
  max_burn: bigint;
  serving_rate_limit: number;
}

export const DEFAULT_HYPERPARAMETERS: Readonly<Hyperparameters> = Object.freeze({
  tempo: 360,
  kappa: 32767,
  immunity_period: 5000,
  max_allowed_uids: 256,
  max_allowed_validators: 64,
  min_allowed_weights: 1,
  weights_rate_limit: 100,
  weights_version: 0,
  // ActivityCutoffFactorMilli 13 889 ‰ of tempo 360 = 5 000 blocks.
  activity_cutoff: 5000,
  bonds_moving_average: 900_000,
  bonds_penalty: 65535,
  yuma3: true,
  liquid_alpha: false,
  alpha_low: 45875,
  alpha_high: 58982,
  alpha_sigmoid_steepness: 1000,
  registration_allowed: true,
  max_registrations_per_block: 1,
  target_registrations_per_interval: 2,
  adjustment_interval: 360,
  min_burn: 500_000n,
  max_burn: 100_000_000_000n,
  serving_rate_limit: 50,
});

type Bound = { min: number | bigint; max: number | bigint } | 'boolean';

/** What a subnet owner may change, and within which bounds (Subtensor's admin-utils limits). */
export const OWNER_SETTABLE: Readonly<Partial<Record<keyof Hyperparameters, Bound>>> = {
  tempo: { min: 1, max: 50_400 },
  kappa: { min: 0, max: 65535 },
  immunity_period: { min: 0, max: 65535 },
  max_allowed_uids: { min: 1, max: 4096 },
  max_allowed_validators: { min: 1, max: 4096 },
  min_allowed_weights: { min: 0, max: 65535 },
  weights_rate_limit: { min: 0, max: 100_000 },
  weights_version: { min: 0, max: Number.MAX_SAFE_INTEGER },
  activity_cutoff: { min: 1, max: 1_000_000 },
  bonds_moving_average: { min: 0, max: 975_000 },
  bonds_penalty: { min: 0, max: 65535 },
  yuma3: 'boolean',
  liquid_alpha: 'boolean',
  alpha_low: { min: 1638, max: 65535 },
  alpha_high: { min: 1638, max: 65535 },
  alpha_sigmoid_steepness: { min: 0, max: 32767 },
  registration_allowed: 'boolean',
  max_registrations_per_block: { min: 1, max: 1024 },
  target_registrations_per_interval: { min: 1, max: 1024 },
  adjustment_interval: { min: 1, max: 100_000 },
  min_burn: { min: 0n, max: 10_000_000_000_000n },
  max_burn: { min: 0n, max: 10_000_000_000_000n },
  serving_rate_limit: { min: 0, max: 100_000 },
};

export type HyperparameterName = keyof Hyperparameters;
export type HyperparameterValue = number | bigint | boolean;

export function isHyperparameterName(name: string): name is HyperparameterName {
  return Object.hasOwn(DEFAULT_HYPERPARAMETERS, name);
}

/** Rao hyperparameters (min_burn, max_burn): bigint in the chain, decimal strings on the wire. */
export function isRaoHyperparameter(name: string): boolean {
  return isHyperparameterName(name) && typeof DEFAULT_HYPERPARAMETERS[name] === 'bigint';
}

/** Checks a proposed owner change and returns the hyperparameters with it applied. */
export function withHyperparameter(
  current: Hyperparameters,
  name: string,
  value: HyperparameterValue,
): Hyperparameters {
  if (!isHyperparameterName(name)) {
    reject(
      'UnknownHyperparameter',
      `"${name}" is not a hyperparameter; known: ${Object.keys(OWNER_SETTABLE).join(', ')}`,
    );
  }
  const bound = OWNER_SETTABLE[name];
  if (!bound) reject('UnknownHyperparameter', `"${name}" cannot be changed by the subnet owner`);
  const expected = typeof DEFAULT_HYPERPARAMETERS[name];
  if (typeof value !== expected) {
    reject('HyperparameterOutOfBounds', `${name} takes a ${expected}, got ${typeof value}`);
  }
  if (bound !== 'boolean') {
    const v = value as number | bigint;
    if (typeof v === 'number' && !Number.isInteger(v)) {
      reject('HyperparameterOutOfBounds', `${name} must be an integer, got ${v}`);
    }
    if (v < bound.min || v > bound.max) {
      reject('HyperparameterOutOfBounds', `${name} must be within ${bound.min}..${bound.max}, got ${v}`);
    }
  }
  const next = { ...current, [name]: value } as Hyperparameters;
  if (next.alpha_low > next.alpha_high) {
    reject(
      'HyperparameterOutOfBounds',
      `alpha_low (${next.alpha_low}) must not exceed alpha_high (${next.alpha_high})`,
    );
  }
  if (next.min_burn > next.max_burn) {
    reject(
      'HyperparameterOutOfBounds',
      `min_burn (${next.min_burn}) must not exceed max_burn (${next.max_burn})`,
    );
  }
  return next;
}
