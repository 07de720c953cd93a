/**
 * JSON-RPC for a chain node: the transport-independent method table, the server (HTTP POST and
 * WebSocket on one port) and the WebSocket client that implements ChainClient.
 */
export {
  RpcChainClient,
  type RpcChainClientOptions,
  RpcClientError,
  type RpcClientErrorCode,
} from '../client/rpc-client';
export { chainErrorOf, RPC_ERRORS, RpcError, type RpcErrorObject, rpcErrorOf } from './errors';
export {
  chainMethods,
  DEFAULT_IDENTITY,
  MAX_INCLUSION_WAIT_MS,
  type NodeIdentity,
  type RpcMethod,
  type RpcSubscription,
  SUBSCRIPTIONS,
} from './methods';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RPC_PORT,
  MAX_BATCH,
  RpcServer,
  type RpcServerOptions,
} from './server';
export {
  decodeAccount,
  decodeBlock,
  decodeEvent,
  decodeHead,
  decodeInclusion,
  decodeNeuron,
  decodeSubnet,
  rao,
  toWire,
} from './wire';
