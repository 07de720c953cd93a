/**
 * The request a dendrite sends, built exactly as Python's `Dendrite.preprocess_synapse_for_request`
 * builds it (reference/bittensor-sdk.md §1.5): `POST /<name>`, the `to_headers()` set, the
 * `model_dump()` body, and the signature over `{nonce}.{dendrite}.{axon}.{uuid}.{body hash}`.
 * Pure: the nonce, uuid and signer are passed in.
 */
import { encodeHeaders, inputObjects } from './headers';
import { requestSignatureMessage, type Signer } from './signature';
import type { AnySynapse } from './synapse';
import type { TerminalInfo } from './terminal-info';
import { encodeSynapseBody } from './wire-body';

/** Where a call goes: an axon's address and the hotkey it serves with (from the metagraph). */
export interface AxonTarget {
  readonly ip: string;
  readonly port: number;
  readonly hotkey: string;
}

export interface RequestIdentity {
  readonly signer: Signer;
  /** The address the dendrite announces (Python: its external ip). */
  readonly ip: string;
  readonly version: number;
  readonly nonce: bigint;
  readonly uuid: string;
}

export interface PreparedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly bodyHash: string;
  /** What was signed. */
  readonly message: string;
  readonly dendrite: TerminalInfo;
  readonly axon: TerminalInfo;
}

export function prepareRequest(
  synapse: AnySynapse,
  input: Readonly<Record<string, unknown>>,
  target: AxonTarget,
  timeout: number,
  identity: RequestIdentity,
): PreparedRequest {
  const requestKeys = Object.keys(synapse.request.properties);
  const fields = Object.fromEntries(requestKeys.map((key) => [key, input[key]]));
  const bodyHash = synapse.bodyHash(fields);
  const message = requestSignatureMessage({
    nonce: identity.nonce,
    dendriteHotkey: identity.signer.ss58Address,
    axonHotkey: target.hotkey,
    uuid: identity.uuid,
    bodyHash,
  });
  const dendrite: TerminalInfo = {
    ip: identity.ip,
    version: identity.version,
    nonce: identity.nonce,
    uuid: identity.uuid,
    hotkey: identity.signer.ss58Address,
    signature: identity.signer.sign(message),
  };
  const axon: TerminalInfo = { ip: target.ip, port: target.port, hotkey: target.hotkey };
  const body = encodeSynapseBody({
    name: synapse.name,
    timeout,
    dendrite,
    axon,
    fields,
    nullFields: synapse.kind === 'unary' ? Object.keys(synapse.response.properties) : [],
  });
  const headers = encodeHeaders({
    name: synapse.name,
    timeout,
    axon,
    dendrite,
    inputObjects: inputObjects(synapse.requiredFields, synapse.request.properties, fields),
    totalSize: Buffer.byteLength(body),
    computedBodyHash: bodyHash,
  });
  return { path: `/${synapse.name}`, headers, body, bodyHash, message, dendrite, axon };
}
