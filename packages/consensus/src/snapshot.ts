import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * The epoch snapshot: everything the chain reads from storage to run one Yuma epoch of a subnet
 * (reference/yuma.md §e). Weights and bonds are the STORED u16 rows (weights max-upscaled by
 * set_weights; bonds column-max-upscaled under Yuma, floor(b·65535) under Yuma 3).
 */
const U16 = Type.Integer({ minimum: 0, maximum: 65535 });
const Block = Type.Integer({ minimum: 0 });
/** Rao amounts may exceed 2^53, so they are accepted as integers or as decimal strings. */
const RaoInput = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]+$' })]);
const SparseU16Row = Type.Array(Type.Tuple([U16, U16]));

export const HyperparametersSchema = Type.Object({
  kappa: U16,
  bonds_penalty: U16,
  bonds_moving_average: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  yuma3: Type.Boolean(),
  liquid_alpha: Type.Boolean(),
  alpha_low: U16,
  alpha_high: U16,
  alpha_sigmoid_steepness: Type.Integer({ minimum: -32768, maximum: 32767 }),
});

export const EpochSnapshotSchema = Type.Object({
  n: Type.Integer({ minimum: 0, maximum: 65535 }),
  current_block: Block,
  tempo: Type.Integer({ minimum: 0, maximum: 65535 }),
  last_mechanism_step_block: Block,
  activity_cutoff: Block,
  last_update: Type.Array(Block),
  block_at_registration: Type.Array(Block),
  stake_alpha: Type.Array(RaoInput),
  stake_threshold: RaoInput,
  owner_uid: Type.Union([U16, Type.Null()]),
  validator_permit: Type.Array(Type.Boolean()),
  max_allowed_validators: U16,
  weights: Type.Array(SparseU16Row),
  bonds: Type.Array(SparseU16Row),
  hyper: HyperparametersSchema,
  rao_emission: RaoInput,
});

export type EpochSnapshotJson = Static<typeof EpochSnapshotSchema>;
export type Hyperparameters = Static<typeof HyperparametersSchema>;

/** A validated snapshot with rao values as bigint and sparse rows sorted by uid. */
export interface EpochSnapshot
  extends Omit<EpochSnapshotJson, 'stake_alpha' | 'stake_threshold' | 'rao_emission'> {
  stake_alpha: bigint[];
  stake_threshold: bigint;
  rao_emission: bigint;
}

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

const PER_UID_FIELDS = [
  'last_update',
  'block_at_registration',
  'stake_alpha',
  'validator_permit',
  'weights',
  'bonds',
] as const;

/** Validates a parsed JSON value and returns a snapshot, or throws a SnapshotError naming the bad field. */
export function parseSnapshot(value: unknown): EpochSnapshot {
  if (!Value.Check(EpochSnapshotSchema, value)) {
    const errors = [...Value.Errors(EpochSnapshotSchema, value)].slice(0, 5);
    const detail = errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ');
    throw new SnapshotError(`invalid epoch snapshot — ${detail}. See reference/yuma.md §e for the format.`);
  }
  const json = value;
  for (const field of PER_UID_FIELDS) {
    if (json[field].length !== json.n) {
      throw new SnapshotError(
        `invalid epoch snapshot — ${field} has ${json[field].length} entries but n is ${json.n}; give one entry per uid.`,
      );
    }
  }
  if (json.owner_uid !== null && json.owner_uid >= json.n) {
    throw new SnapshotError(
      `invalid epoch snapshot — owner_uid ${json.owner_uid} is not below n = ${json.n}.`,
    );
  }
  return {
    ...json,
    stake_alpha: json.stake_alpha.map((s) => BigInt(s)),
    stake_threshold: BigInt(json.stake_threshold),
    rao_emission: BigInt(json.rao_emission),
    weights: json.weights.map(sortRow),
    bonds: json.bonds.map(sortRow),
  };
}

// compute_liquid_alpha_values_sparse walks rows assuming ascending uids (§f.8); sorting makes
// the port well-defined for any input order.
function sortRow(row: [number, number][]): [number, number][] {
  return [...row].sort((a, b) => a[0] - b[0]);
}

export interface EpochU16Outputs {
  stake_weight: number[];
  consensus: number[];
  incentive: number[];
  dividends: number[];
  validator_trust: number[];
  legacy_rank: number[];
  legacy_trust: number[];
}

export type SparseFloatRow = [number, number][];

/** Every value the epoch computes and stores (reference/yuma.md §e `expected`). */
export interface EpochOutputs {
  stake: number[];
  active: boolean[];
  new_validator_permit: boolean[];
  active_stake: number[];
  consensus: number[];
  validator_trust: number[];
  incentive: number[];
  dividends: number[];
  legacy_trust: number[];
  liquid_alpha_used: boolean;
  ema_bonds: SparseFloatRow[];
  /** Set when Σ(I + D) = 0 and validators are paid by active stake, or by raw stake if that is zero too. */
  zero_emission_fallback: 'active_stake' | 'stake' | null;
  server_emission: bigint[];
  validator_emission: bigint[];
  combined_emission: bigint[];
  u16: EpochU16Outputs;
  /** The bonds rows as stored after the epoch. */
  new_bonds: [number, number][][];
  weights_normalized: SparseFloatRow[];
  normalized_server_emission: number[];
  normalized_validator_emission: number[];
  normalized_combined_emission: number[];
  legacy_prerank: number[];
  raw_total_stake: bigint[];
}
