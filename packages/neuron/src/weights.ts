/**
 * From scores to a `set_weights` call the chain will accept, or a reason to wait. The chain's
 * checks (packages/chain `setWeights`, Subtensor's `do_set_weights`) are run here first, so a
 * validator logs "too soon" instead of paying for an extrinsic that fails with
 * `SettingWeightsTooFast`, `WeightVecLengthIsLow`, `NeuronNoValidatorPermit` or
 * `IncorrectWeightVersionKey`. Pure.
 */
import type { Hyperparameters } from '@subnetkit/chain';
import { convertWeightsAndUidsForEmit } from '@subnetkit/consensus';
import { normalizeScores } from './scores';

export type WeightsSkipReason =
  | 'RateLimited'
  | 'NoValidatorPermit'
  | 'NoScores'
  | 'TooFewWeights'
  | 'VersionTooOld'
  | 'NotRegistered';

export type WeightsPlan =
  | {
      readonly action: 'set';
      readonly uids: number[];
      /** u16, the largest 65535 (`convertWeightsAndUidsForEmit`). */
      readonly weights: number[];
      readonly versionKey: number;
    }
  | { readonly action: 'skip'; readonly reason: WeightsSkipReason; readonly message: string };

export interface WeightsPlanInput {
  /** One score per uid of the metagraph. */
  readonly scores: readonly number[];
  /** This validator's uid. */
  readonly uid: number | undefined;
  readonly validatorPermit: boolean;
  /** The chain's head; the extrinsic lands in a later block. */
  readonly head: number;
  /** The block of this uid's last accepted weights (the metagraph's `last_update`, or newer). */
  readonly lastUpdate: number;
  readonly hyperparameters: Pick<
    Hyperparameters,
    'weights_rate_limit' | 'min_allowed_weights' | 'weights_version'
  >;
  /** The validator's version key; default the subnet's `weights_version`. */
  readonly versionKey?: number;
}

/** Blocks left before the chain accepts this uid's next weights (0: now). */
export function blocksUntilWeightsAllowed(head: number, lastUpdate: number, rateLimit: number): number {
  // The chain compares the including block (head + 1 at the earliest) with last_update.
  return Math.max(0, lastUpdate + rateLimit - (head + 1));
}

export function planWeights(input: WeightsPlanInput): WeightsPlan {
  const { scores, uid, hyperparameters: hyper } = input;
  if (uid === undefined) {
    return { action: 'skip', reason: 'NotRegistered', message: 'this hotkey holds no uid on the subnet' };
  }
  const versionKey = input.versionKey ?? hyper.weights_version;
  if (versionKey < hyper.weights_version) {
    return {
      action: 'skip',
      reason: 'VersionTooOld',
      message: `version key ${versionKey} is below the subnet's weights_version ${hyper.weights_version}; upgrade the validator`,
    };
  }
  if (!input.validatorPermit) {
    return {
      action: 'skip',
      reason: 'NoValidatorPermit',
      message:
        'no validator permit yet: permits go to the top stakes at the next epoch; add stake or wait for the tempo',
    };
  }
  const wait = blocksUntilWeightsAllowed(input.head, input.lastUpdate, hyper.weights_rate_limit);
  if (wait > 0) {
    return {
      action: 'skip',
      reason: 'RateLimited',
      message: `weights were set at block ${input.lastUpdate}; the subnet allows once every ${hyper.weights_rate_limit} blocks (${wait} to go)`,
    };
  }
  const normalized = normalizeScores(scores);
  const encoded = convertWeightsAndUidsForEmit(
    normalized.map((_, i) => i),
    normalized,
  );
  if (encoded.uids.length === 0) {
    return { action: 'skip', reason: 'NoScores', message: 'every score is 0: nothing learned to set yet' };
  }
  const minimum = Math.min(hyper.min_allowed_weights, scores.length);
  if (encoded.uids.length < minimum) {
    return {
      action: 'skip',
      reason: 'TooFewWeights',
      message: `${encoded.uids.length} uids have a non-zero weight; the subnet requires at least ${minimum}`,
    };
  }
  return { action: 'set', uids: encoded.uids, weights: encoded.weights, versionKey };
}
