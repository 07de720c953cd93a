export type { EpochMode } from './arithmetic';
export {
  blockEmissionForIssuance,
  DEFAULT_BLOCK_EMISSION,
  DEFAULT_TAO_WEIGHT,
  type EmissionSplit,
  type HalvingThreshold,
  halvingThresholds,
  type RootProportionInputs,
  rootProportion,
  type SplitOptions,
  SUBNET_OWNER_CUT_U16,
  splitBlockEmission,
  TOTAL_SUPPLY,
} from './emission';
export { runEpoch } from './epoch';
export { stringifyWithBigInt } from './json';
export {
  type EpochOutputs,
  type EpochSnapshot,
  type EpochSnapshotJson,
  EpochSnapshotSchema,
  type EpochU16Outputs,
  type Hyperparameters,
  HyperparametersSchema,
  parseSnapshot,
  SnapshotError,
  type SparseFloatRow,
} from './snapshot';
export {
  convertWeightsAndUidsForEmit,
  type EncodedWeights,
  maxUpscaleToU16,
  U16_MAX,
  WeightEncodingError,
  type WeightEncodingErrorCode,
} from './weight-encoding';
