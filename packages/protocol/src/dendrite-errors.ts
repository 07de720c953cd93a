/**
 * Client-side failures as status codes and messages, as Python's `DENDRITE_ERROR_MAPPING` maps
 * aiohttp's exceptions (reference/bittensor-sdk.md §1.8), translated to what undici and Node
 * raise. A validator scores a miner by these codes, so a refused connection must read 503 and a
 * timeout 408 whichever client made the call.
 */
import { errorText } from './errors';
import { pythonFloatRepr } from './python-str';

export interface CallFailure {
  readonly statusCode: number;
  readonly statusMessage: string;
}

export interface FailureContext {
  readonly ip: string;
  readonly port: number;
  readonly synapse: string;
  /** Seconds. */
  readonly timeout: number;
}

/** Raised by our own code: the total timeout passed, or the caller or dendrite gave up. */
export type LocalAbort = 'timeout' | 'cancelled' | 'closed';

export function timeoutFailure(context: FailureContext): CallFailure {
  return {
    statusCode: 408,
    statusMessage: `Request timeout after ${pythonFloatRepr(context.timeout)} seconds`,
  };
}

export function localAbortFailure(kind: LocalAbort, context: FailureContext): CallFailure {
  if (kind === 'timeout') return timeoutFailure(context);
  if (kind === 'closed') return { statusCode: 500, statusMessage: 'Client error: the dendrite was closed' };
  return { statusCode: 499, statusMessage: 'Client error: the call was cancelled by the caller' };
}

/** Response bodies that are not what the synapse promises: Python's catch-all 422. */
export function parseFailure(detail: string): CallFailure {
  return { statusCode: 422, statusMessage: `Failed to parse response: ${detail}` };
}

/** Any error thrown while connecting, sending or reading. */
export function classifyError(error: unknown, context: FailureContext): CallFailure {
  const code = errorCode(error);
  const text = errorText(error);
  if (code !== undefined && UNREACHABLE.has(code)) {
    return {
      statusCode: 503,
      statusMessage: `Service unavailable at ${context.ip}:${context.port}/${context.synapse}`,
    };
  }
  if (code !== undefined && DISCONNECTED.has(code)) {
    return { statusCode: 503, statusMessage: `Service disconnected: ${text}` };
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return { statusCode: 504, statusMessage: `Server timeout error: ${text}` };
  }
  if (code !== undefined && PAYLOAD.has(code)) {
    return { statusCode: 400, statusMessage: `Payload error: ${text}` };
  }
  if (code?.startsWith('UND_ERR') || (error instanceof Error && error.name === 'AbortError')) {
    return { statusCode: 500, statusMessage: `Client error: ${text}` };
  }
  return parseFailure(text);
}

const UNREACHABLE: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const DISCONNECTED: ReadonlySet<string> = new Set([
  'UND_ERR_SOCKET',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_CLOSED',
]);
const PAYLOAD: ReadonlySet<string> = new Set([
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
]);

/** Node and undici put the code on the error or, wrapped, on its cause. */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 4; depth++) {
    if (typeof current !== 'object' || current === null) return undefined;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
