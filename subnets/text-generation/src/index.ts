export { CHALLENGE_SPACE, type Challenge, type ChallengeOptions, makeChallenge } from './challenge';
export { TextGenerationError, type TextGenerationErrorCode } from './errors';
export {
  attachTextGeneration,
  type SynapseHost,
  TextGenerationMiner,
  type TextGenerationMinerOptions,
  type TextGenerationService,
  textMinerOptions,
} from './miner';
export {
  FORGED_MODEL,
  forgedModelFolder,
  loadTextPipeline,
  type ModelChoice,
  type ModelFlags,
  modelOptions,
  ONLINE_MODEL,
  resolveTextModel,
} from './model';
export {
  type GenerationInput,
  generationInput,
  type PipelineOptions,
  renderChat,
  STREAM_ROUND_TOKENS,
  TextGenerationPipeline,
} from './pipeline';
export {
  CHAT_ROLES,
  type ChatMessage,
  ChatMessageSchema,
  type ChatRole,
  DEFAULT_REQUEST_NEW_TOKENS,
  MAX_NEW_TOKENS_LIMIT,
  TextGeneration,
  type TextGenerationRequest,
  type TextGenerationResponse,
  TextGenerationStream,
} from './protocol';
export {
  comparable,
  DEFAULT_CHANCE_SIMILARITY,
  DEFAULT_LATENCY_WEIGHT,
  type MinerOutcome,
  type MinerReward,
  quality,
  type RewardOptions,
  type RewardReason,
  rewardStep,
  similarity,
  speed,
} from './reward';
export {
  outcomeOf,
  type ReferencedChallenge,
  referencedChallenge,
  type ScoredStep,
  type TextGenerationTask,
  type TextGenerationTaskOptions,
  textGenerationTask,
  textValidatorOptions,
} from './validator';
