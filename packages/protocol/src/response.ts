/**
 * What a dendrite makes of an axon's answer: Python's `process_server_response`
 * (reference/bittensor-sdk.md §1.8). On 200 the body's fields are taken (and checked against the
 * synapse); otherwise the HTTP status and the body's `message`. Then the response headers'
 * `TerminalInfo`s are merged over ours, and the dendrite's status is the axon's. Pure.
 */
import { parseFailure } from './dendrite-errors';
import { errorText } from './errors';
import { decodeHeaders, type HeaderSource } from './headers';
import type { AnySynapse } from './synapse';
import { mergeTerminalInfo, type TerminalInfo, terminalInfoFromJson } from './terminal-info';
import { pickFields } from './wire-body';

export interface CallOutcome {
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly dendrite: TerminalInfo;
  readonly axon: TerminalInfo;
  /** The response fields, checked; only on success of a unary synapse. */
  readonly response?: Record<string, unknown>;
}

export interface SentRequest {
  readonly dendrite: TerminalInfo;
  readonly axon: TerminalInfo;
}

export interface ReceivedResponse {
  readonly status: number;
  readonly headers: HeaderSource;
  /** The body text; undefined for a stream, whose chunks are the caller's. */
  readonly body: string | undefined;
}

export function interpretResponse(
  synapse: AnySynapse,
  sent: SentRequest,
  received: ReceivedResponse,
): CallOutcome | ReturnType<typeof parseFailure> {
  let axon: TerminalInfo = { ...sent.axon };
  let dendrite: TerminalInfo = { ...sent.dendrite };
  let response: Record<string, unknown> | undefined;
  let json: Record<string, unknown> = {};
  if (received.body !== undefined) {
    const parsed = parseJson(received.body);
    if (parsed === undefined) {
      return parseFailure(`HTTP ${received.status} with a body that is not a JSON object`);
    }
    json = parsed;
  }
  if (received.status === 200) {
    if (synapse.kind === 'unary') {
      response = pickFields(json, Object.keys(synapse.response.properties));
      const problem = synapse.checkResponse(response);
      if (problem !== undefined) return parseFailure(problem);
    }
    axon = mergeTerminalInfo(axon, terminalInfoFromJson(json.axon));
    dendrite = mergeTerminalInfo(dendrite, terminalInfoFromJson(json.dendrite));
  } else {
    axon.status_code = received.status;
    if (typeof json.message === 'string') axon.status_message = json.message;
  }
  let headers: ReturnType<typeof decodeHeaders>;
  try {
    headers = decodeHeaders(received.headers);
  } catch (error) {
    return parseFailure(errorText(error));
  }
  axon = mergeTerminalInfo(axon, headers.axon);
  dendrite = mergeTerminalInfo(dendrite, headers.dendrite);
  const statusCode = axon.status_code ?? received.status;
  const statusMessage = axon.status_message ?? '';
  return {
    statusCode,
    statusMessage,
    dendrite: { ...dendrite, status_code: statusCode, status_message: statusMessage },
    axon,
    ...(response !== undefined && statusCode === 200 ? { response } : {}),
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
