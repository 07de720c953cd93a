import { describe, expect, it } from 'vitest';
import { classifyError, localAbortFailure } from './dendrite-errors';

const context = { ip: '10.0.0.9', port: 8091, synapse: 'Dummy', timeout: 12 };

function coded(code: string, message = code, cause?: unknown): Error {
  return Object.assign(new Error(message, { cause }), { code });
}

// Python's DENDRITE_ERROR_MAPPING (reference/bittensor-sdk.md §1.8), by what undici raises.
describe('classifyError', () => {
  it.each([
    ['ECONNREFUSED', 503, 'Service unavailable at 10.0.0.9:8091/Dummy'],
    ['ENOTFOUND', 503, 'Service unavailable at 10.0.0.9:8091/Dummy'],
    ['UND_ERR_CONNECT_TIMEOUT', 503, 'Service unavailable at 10.0.0.9:8091/Dummy'],
    ['UND_ERR_SOCKET', 503, 'Service disconnected: UND_ERR_SOCKET'],
    ['ECONNRESET', 503, 'Service disconnected: ECONNRESET'],
    ['UND_ERR_HEADERS_TIMEOUT', 504, 'Server timeout error: UND_ERR_HEADERS_TIMEOUT'],
    ['UND_ERR_RES_EXCEEDED_MAX_SIZE', 400, 'Payload error: UND_ERR_RES_EXCEEDED_MAX_SIZE'],
    ['UND_ERR_INVALID_ARG', 500, 'Client error: UND_ERR_INVALID_ARG'],
  ])('%s → %i', (code, statusCode, statusMessage) => {
    expect(classifyError(coded(code), context)).toEqual({ statusCode, statusMessage });
  });

  it('finds a code on the cause', () => {
    expect(
      classifyError(new TypeError('fetch failed', { cause: coded('ECONNREFUSED') }), context).statusCode,
    ).toBe(503);
  });

  it("falls back to Python's 422 for anything else", () => {
    expect(classifyError(new SyntaxError('Unexpected token'), context)).toEqual({
      statusCode: 422,
      statusMessage: 'Failed to parse response: Unexpected token',
    });
    expect(classifyError('weird', context).statusCode).toBe(422);
  });
});

describe('localAbortFailure', () => {
  it('reports the total timeout as Python does', () => {
    expect(localAbortFailure('timeout', context)).toEqual({
      statusCode: 408,
      statusMessage: 'Request timeout after 12.0 seconds',
    });
    expect(localAbortFailure('cancelled', context).statusCode).toBe(499);
    expect(localAbortFailure('closed', context).statusCode).toBe(500);
  });
});
