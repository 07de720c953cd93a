export { type BlacklistPolicy, blacklistDecision, stakePriority } from './blacklist';
export {
  DEFAULT_NEURON_ROOT,
  type MinerConfig,
  minerConfigOptions,
  minerOptions,
  minerSettings,
  type NeuronRole,
  neuronFullPath,
  neuronOptions,
  type ValidatorConfig,
  validatorConfigOptions,
  validatorOptions,
  validatorSettings,
} from './config';
export { EXIT_CONFIG, EXIT_USAGE, exitCodeFor, NeuronError, type NeuronErrorCode } from './errors';
export {
  isServing,
  Metagraph,
  type MetagraphAxon,
  type MetagraphOptions,
  raoToTao,
  UNSERVED_IP,
  u16ToFloat,
} from './metagraph';
export { AXON_PROTOCOL_HTTP, BaseMiner, type BaseMinerOptions } from './miner';
export {
  type BackoffOptions,
  BaseNeuron,
  backoffDelay,
  DEFAULT_EPOCH_LENGTH,
  type NeuronOptions,
  sleep,
} from './neuron';
export { type Runnable, runNeuron, type SignalOptions, type Stoppable, stopOnSignals } from './run';
export {
  type MinerCandidateOptions,
  minerCandidates,
  type Rng,
  sampleMiners,
  sampleWithoutReplacement,
  seededRng,
} from './sampling';
export {
  alignScores,
  DEFAULT_MOVING_AVERAGE_ALPHA,
  normalizeScores,
  replacedUids,
  sanitizeReward,
  updateScores,
} from './scores';
export {
  type LoadedState,
  loadState,
  STATE_FILE,
  saveState,
  type ValidatorState,
  ValidatorStateSchema,
} from './state';
export {
  BaseValidator,
  type BaseValidatorOptions,
  type Challenge,
  type MinerResponse,
  type StepContext,
  type StepReport,
  type ValidatorTask,
  type WeightsOutcome,
} from './validator';
export {
  blocksUntilWeightsAllowed,
  planWeights,
  type WeightsPlan,
  type WeightsPlanInput,
  type WeightsSkipReason,
} from './weights';
