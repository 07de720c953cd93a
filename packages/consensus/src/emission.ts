/**
 * TAO (and alpha) block emission with halvings, and the per-block split of a subnet's alpha
 * between owner, miners, validators and root stakers — reference/yuma.md §c, bit-exact.
 */
import { add, checkedDiv, checkedSub, fromInt, I96F32, mul, safeDiv, sub, toIntFloor, U96F32 } from './fixed';
import { log2 } from './transcendental';

/** `DefaultBlockEmission`: 1 TAO per block, in rao, before any halving. */
export const DEFAULT_BLOCK_EMISSION = 1_000_000_000n;
/** `TotalSupply`: 21M TAO in rao. Emission is 0 once issuance reaches it. */
export const TOTAL_SUPPLY = 21_000_000_000_000_000n;
/** `SubnetOwnerCut` runtime default: 11796 / 65535 ≈ 17.9995% of each block's alpha. */
export const SUBNET_OWNER_CUT_U16 = 11796;
/** `TaoWeight` runtime default (u64, read as / u64::MAX ≈ 0.05268). */
export const DEFAULT_TAO_WEIGHT = 971_718_665_099_567_868n;

const U64_MAX = (1n << 64n) - 1n;
const ONE_I96 = fromInt(I96F32, 1);
const TWO_I96 = fromInt(I96F32, 2);
/** `as_u96f32!(0.5)`: the miners' half and the validators' half of what the owner leaves. */
const HALF_U96 = 1n << (U96F32.frac - 1n);

/**
 * Rao minted per block at a given total issuance — `coinbase/block_emission.rs::
 * get_block_emission_for_issuance`, emulated in I96F32 including substrate_fixed's `log2`.
 *
 * Halving k starts when issuance reaches 21M·(1 − 2^−k): the first at **10.5M TAO**, then
 * 15.75M, 18.375M, … Some articles put the first halving at 11.5M TAO (and the next after
 * 5.75M); the chain's threshold is total issuance, and recycling lowers it, so more TAO than
 * 10.5M may have been minted by then, but the code halves at 10.5M of *issuance*.
 * The chain uses the same function for each subnet's alpha emission, from its alpha issuance.
 */
export function blockEmissionForIssuance(totalIssuance: bigint): bigint {
  assertU64(totalIssuance);
  if (totalIssuance >= TOTAL_SUPPLY) return 0n;
  let multiplier = ONE_I96;
  for (let k = halvingsAtIssuance(totalIssuance); k > 0n; k--) {
    multiplier = mul(I96F32, multiplier, TWO_I96);
  }
  const share = safeDiv(I96F32, ONE_I96, multiplier);
  return toIntFloor(I96F32, mul(I96F32, share, fromInt(I96F32, DEFAULT_BLOCK_EMISSION)));
}

/**
 * The halving index k = floor(log2(1 / (1 − TI / (2 · 10.5e15)))) for TI below the total supply,
 * each operation rounded as the chain's I96F32 does.
 */
function halvingsAtIssuance(totalIssuance: bigint): bigint {
  const supply = mul(I96F32, TWO_I96, fromInt(I96F32, 10_500_000_000_000_000n));
  const issued = checkedDiv(I96F32, fromInt(I96F32, totalIssuance), supply);
  const remaining = issued === null ? null : checkedSub(I96F32, ONE_I96, issued);
  const inverse = remaining === null ? null : checkedDiv(I96F32, ONE_I96, remaining);
  const residual = inverse === null ? null : log2(I96F32, inverse);
  // The chain returns Err("Logarithm calculation failed") here; below TOTAL_SUPPLY every step is defined.
  if (residual === null) throw new Error(`block emission: log2 undefined at issuance ${totalIssuance}`);
  const k = toIntFloor(I96F32, residual);
  return k < 0n ? 0n : k;
}

export interface HalvingThreshold {
  /** k: the reward is now DEFAULT_BLOCK_EMISSION / 2^k, floored. */
  readonly halving: number;
  /** The smallest total issuance (rao) at which halving k applies. */
  readonly firstIssuanceRao: bigint;
  readonly emissionRaoPerBlock: bigint;
  /** Whole blocks the previous era lasts at its own reward (floored), with nothing recycled. */
  readonly blocksFromPrevious: bigint;
}

/**
 * Every halving up to the one where the reward reaches 0 rao (k = 30), found by bisecting the
 * exact emulation — so the thresholds are the chain's, rounding included.
 */
export function halvingThresholds(): HalvingThreshold[] {
  const thresholds: HalvingThreshold[] = [];
  let previousIssuance = 0n;
  let previousEmission = blockEmissionForIssuance(0n);
  for (let k = 1; previousEmission > 0n; k++) {
    const firstIssuanceRao = firstIssuanceWithHalvings(BigInt(k));
    const emissionRaoPerBlock = blockEmissionForIssuance(firstIssuanceRao);
    thresholds.push({
      halving: k,
      firstIssuanceRao,
      emissionRaoPerBlock,
      blocksFromPrevious: (firstIssuanceRao - previousIssuance) / previousEmission,
    });
    previousIssuance = firstIssuanceRao;
    previousEmission = emissionRaoPerBlock;
  }
  return thresholds;
}

function firstIssuanceWithHalvings(k: bigint): bigint {
  let lo = 0n;
  let hi = TOTAL_SUPPLY - 1n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1n;
    if (halvingsAtIssuance(mid) >= k) hi = mid;
    else lo = mid + 1n;
  }
  return lo;
}

export interface RootProportionInputs {
  /** `SubnetTAO[root]`: TAO staked on the root network, in rao. */
  readonly rootTao: bigint;
  /** The subnet's alpha issuance, in alpha rao. */
  readonly alphaIssuance: bigint;
  /** The `TaoWeight` storage value (u64, used as / u64::MAX). */
  readonly taoWeight?: bigint;
}

/**
 * `coinbase/root.rs::root_proportion` (U96F32): tao_weight·RootTAO / (tao_weight·RootTAO +
 * alpha_issuance), 0 when both are 0. The raw U96F32 value is what `splitBlockEmission` takes.
 */
export function rootProportion({
  rootTao,
  alphaIssuance,
  taoWeight = DEFAULT_TAO_WEIGHT,
}: RootProportionInputs): bigint {
  const weight = safeDiv(U96F32, fromInt(U96F32, taoWeight), fromInt(U96F32, U64_MAX));
  const rootWeight = mul(U96F32, fromInt(U96F32, rootTao), weight);
  const total = add(U96F32, rootWeight, fromInt(U96F32, alphaIssuance));
  return checkedDiv(U96F32, rootWeight, total) ?? 0n;
}

export interface EmissionSplit {
  /** → `PendingOwnerCut` */
  readonly ownerCut: bigint;
  /** → `PendingServerEmission` (miners) */
  readonly server: bigint;
  /** → `PendingValidatorEmission` (subnet stakers) */
  readonly validator: bigint;
  /** → `PendingRootAlphaDivs` (root stakers), or recycled when the root sell flag is off. */
  readonly rootAlpha: bigint;
}

export interface SplitOptions {
  /** `OwnerCutEnabled` for the subnet (default true). */
  readonly ownerCutEnabled?: boolean;
  /** `SubnetOwnerCut` (u16 / 65535, default 11796). */
  readonly ownerCutU16?: number;
}

/**
 * One block's alpha for one subnet, split as `coinbase/run_coinbase.rs::emit_to_subnets` does in
 * U96F32: owner cut first, half of the rest to miners, the other half to validators less the root
 * stakers' share `rootProportion · rest / 2`. Each part is floored to rao on its own (that is
 * what each Pending* accumulator adds), so the parts can sum to up to 3 rao less than `alphaOut`.
 *
 * @param rootProportionU96 raw U96F32 bits, as the chain's `root_proportion` (see `rootProportion`).
 */
export function splitBlockEmission(
  alphaOut: bigint,
  rootProportionU96 = 0n,
  { ownerCutEnabled = true, ownerCutU16 = SUBNET_OWNER_CUT_U16 }: SplitOptions = {},
): EmissionSplit {
  assertU64(alphaOut);
  const alpha = fromInt(U96F32, alphaOut);
  const ownerCut = ownerCutEnabled ? mul(U96F32, alpha, ownerCutFraction(ownerCutU16)) : 0n;
  const rest = sub(U96F32, alpha, ownerCut);
  const rootAlpha = mul(U96F32, mul(U96F32, rootProportionU96, rest), HALF_U96);
  const server = mul(U96F32, rest, HALF_U96);
  const validator = sub(U96F32, sub(U96F32, rest, server), rootAlpha);
  return {
    ownerCut: toIntFloor(U96F32, ownerCut),
    server: toIntFloor(U96F32, server),
    validator: toIntFloor(U96F32, validator),
    rootAlpha: toIntFloor(U96F32, rootAlpha),
  };
}

/** `get_float_subnet_owner_cut`: u16 / 65535 in U96F32. */
function ownerCutFraction(ownerCutU16: number): bigint {
  return safeDiv(U96F32, fromInt(U96F32, ownerCutU16), fromInt(U96F32, 65535));
}

function assertU64(value: bigint): void {
  if (value < 0n || value > U64_MAX) throw new RangeError(`expected a u64 amount of rao, got ${value}`);
}
