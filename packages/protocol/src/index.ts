export {
  Axon,
  type AxonConfig,
  type AxonOptions,
  type BlacklistDecision,
  type CloseOptions,
  DEFAULT_AXON_PORT,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_TIMEOUT_SECONDS,
  type ForwardContext,
  type IncomingCall,
  type ListenOptions,
  type ServedAxonInfo,
  type StreamingHandlers,
  type UnaryHandlers,
} from './axon';
export { computeBodyHash, EMPTY_BODY_HASH, type HashField, sha3Hex } from './body-hash';
export {
  type CallOptions,
  Dendrite,
  type DendriteOptions,
  type StreamingCall,
  type StreamResult,
  type SynapseResult,
} from './dendrite';
export { type CallFailure, classifyError } from './dendrite-errors';
export { ProtocolError, type ProtocolErrorCode } from './errors';
export {
  type DecodedHeaders,
  decodeHeaders,
  encodeHeaders,
  type HeaderSource,
  inputObjectPlaceholder,
  inputObjects,
  type SynapseHeaders,
} from './headers';
export { AxonMetrics, type AxonMetricsOptions } from './metrics';
export {
  ALLOWED_DELTA_NS,
  type NanoClock,
  NonceGuard,
  type NonceGuardOptions,
  NonceSource,
  wallClockNs,
} from './nonce';
export { GateRejection, type Lease, PriorityGate } from './priority-gate';
export { PriorityQueue } from './priority-queue';
export { pythonFloatRepr, pythonStr } from './python-str';
export { type AxonTarget, type PreparedRequest, prepareRequest, type RequestIdentity } from './request';
export { type CallOutcome, interpretResponse } from './response';
export {
  axonSignatureMessage,
  createSigner,
  type RequestSignatureFields,
  requestSignatureMessage,
  type Signer,
  verifySignature,
} from './signature';
export { Status, StatusMessage } from './status';
export {
  type AnyStreamingSynapse,
  type AnySynapse,
  type AnyUnarySynapse,
  DEFAULT_SYNAPSE_TIMEOUT,
  defineStreamingSynapse,
  defineSynapse,
  Ping,
  type RequestOf,
  type ResponseOf,
  type StreamingSynapse,
  type UnarySynapse,
} from './synapse';
export { mergeTerminalInfo, PROTOCOL_VERSION, type TerminalInfo, versionAsInt } from './terminal-info';
export { RequestVerifier, type VerifiableCall } from './verify';
export { encodeSynapseBody, type SynapseBody } from './wire-body';
