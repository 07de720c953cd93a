/**
 * The chain's I/O side: the node (pool, block production, events) and its SQLite store. Kept out of
 * the package's main entry so the pure ledger loads without the native SQLite module.
 */

export { InProcessChainClient } from '../client/in-process-client';
export {
  type ChainParams,
  ChainStore,
  type ChainStoreOptions,
  DEFAULT_CHAIN_PARAMS,
} from '../store/chain-store';
export { StoreError, type StoreErrorCode } from '../store/errors';
export { type ReplayOptions, replayChain } from '../store/replay';
export {
  type BlockNotice,
  ChainNode,
  type ChainNodeEvents,
  type ChainNodeOptions,
  DB_FILE,
  DEFAULT_BLOCK_TIME_MS,
} from './chain-node';
export { NodeError, type NodeErrorCode } from './errors';
export { headOf, inclusionsOf } from './inclusions';
export { DEFAULT_POOL_LIMIT, ExtrinsicPool } from './pool';
