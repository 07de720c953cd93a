export {
  type Block,
  type BlockHeader,
  type BlockOptions,
  headerHash,
  type ProducedBlock,
  produceBlock,
  supplyReport,
} from './block';
export {
  type Call,
  type CallName,
  type CallOf,
  CallSchemas,
  decodeCall,
  encodeCall,
  type WireCall,
  WireCallSchema,
} from './calls';
export {
  type ChainClient,
  type Head,
  type Inclusion,
  signAndSubmit,
  type Unsubscribe,
} from './client/chain-client';
export { canonicalJson, decodeRecord, encodeRecord } from './codec';
export { circulatingIssuance } from './coinbase/coinbase';
export { epochSnapshot, runSubnetEpoch } from './coinbase/epoch';
export { rootWeightsPolicy, type SubnetEmissionPolicy } from './coinbase/shares';
export { ChainError, type ChainErrorCode } from './errors';
export type { ChainEvent } from './events';
export {
  extrinsicHash,
  hashOf,
  type SignedExtrinsic,
  SignedExtrinsicSchema,
  signExtrinsic,
  signingPayload,
  type VerifiedExtrinsic,
  verifyExtrinsic,
} from './extrinsic';
export { DEV_ACCOUNTS, DEV_BALANCE, devGenesisConfig, type GenesisConfig, genesisState } from './genesis';
export {
  DEFAULT_HYPERPARAMETERS,
  type HyperparameterName,
  type Hyperparameters,
  type HyperparameterValue,
  OWNER_SETTABLE,
} from './hyperparameters';
export { Ledger } from './ledger';
export { networkLockCost, ROOT_NETUID } from './pallet/subnets';
export {
  type AccountInfo,
  accountInfo,
  chainInfo,
  listSubnets,
  type NeuronInfo,
  neurons,
  type SubnetInfo,
  stakesOf,
  subnetInfo,
} from './queries';
export * from './state';
