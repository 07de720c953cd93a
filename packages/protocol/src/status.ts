/**
 * Status codes and messages the axon answers with: Python's (reference/bittensor-sdk.md §1.7)
 * where Python has the case, so a Python validator logs and scores the same; ours where the Python
 * axon has no such check (400 unparsable headers, 413 oversized body, 503 full queue).
 */
import { pythonFloatRepr, pythonStringRepr } from './python-str';

export const Status = {
  Success: 200,
  BadRequest: 400,
  NotVerified: 401,
  Blacklisted: 403,
  NotFound: 404,
  Timeout: 408,
  TooLarge: 413,
  UnsupportedMediaType: 415,
  Unprocessable: 422,
  Internal: 500,
  Unavailable: 503,
} as const;

export const StatusMessage = {
  success: 'Success',
  notFound: (name: string, available: readonly string[]) =>
    `Synapse name ${pythonStringRepr(name)} not found. Available synapses [${available.map(pythonStringRepr).join(', ')}]`,
  blacklisted: (reason: string) => `Forbidden. Key is blacklisted: ${reason}.`,
  notVerified: (error: string) => `Not Verified with error: ${error}`,
  timeout: (seconds: number) => `Response timeout after: ${pythonFloatRepr(seconds)}s`,
  internal: (errorId: string) => `Internal Server Error #${errorId}`,
  badRequest: (detail: string) => `Bad Request: ${detail}`,
  tooLarge: (limit: number) => `Payload Too Large: the body exceeds ${limit} bytes`,
  unsupportedMediaType: (type: string) => `Unsupported Media Type: ${type}; send application/json`,
  unprocessable: (detail: string) => `Unprocessable Entity: ${detail}`,
  unavailable: (detail: string) => `Service Unavailable: ${detail}`,
} as const;
