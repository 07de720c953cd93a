import { ChainError, type ChainErrorCode } from '../errors';
import { NodeError, type NodeErrorCode } from '../node/errors';

/**
 * JSON-RPC 2.0 error codes. The standard ones, and our own in the spec's server range: a chain or
 * node refusal carries its error's name in `data`, so a client can rethrow the same ChainError or
 * NodeError (a test asserts `code`, never the message).
 */
export const RPC_ERRORS = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** The chain refused the extrinsic: data `{ name: 'ChainError', code: 'InsufficientBalance' … }`. */
  ChainError: -32010,
  /** The node could not do it: data `{ name: 'NodeError', code: 'InclusionTimeout' | 'NodeStopped' … }`. */
  NodeError: -32011,
  /** A subscription was asked over HTTP; subscriptions need a WebSocket. */
  SubscriptionNeedsWebSocket: -32012,
} as const;

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** An error the server answers with as a JSON-RPC error object. */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }

  toJSON(): RpcErrorObject {
    return {
      code: this.code,
      message: this.message,
      ...(this.data === undefined ? {} : { data: this.data }),
    };
  }
}

export function invalidParams(reason: string): RpcError {
  return new RpcError(RPC_ERRORS.InvalidParams, `Invalid params: ${reason}`);
}

/** The wire form of a ChainError or NodeError; undefined for anything else (an internal error). */
export function rpcErrorOf(err: unknown): RpcError | undefined {
  if (err instanceof RpcError) return err;
  if (err instanceof ChainError) {
    return new RpcError(RPC_ERRORS.ChainError, err.message, { name: err.name, code: err.code });
  }
  if (err instanceof NodeError) {
    return new RpcError(RPC_ERRORS.NodeError, err.message, { name: err.name, code: err.code });
  }
  return undefined;
}

/**
 * The client side: the ChainError or NodeError a JSON-RPC error object stands for, with the same
 * code and message, or undefined when it is a protocol error.
 */
export function chainErrorOf(error: RpcErrorObject): ChainError | NodeError | undefined {
  const data = error.data as { name?: unknown; code?: unknown } | undefined;
  if (typeof data?.code !== 'string') return undefined;
  const message = error.message.startsWith(`${data.code}: `)
    ? error.message.slice(data.code.length + 2)
    : error.message;
  if (error.code === RPC_ERRORS.ChainError && data.name === 'ChainError') {
    return new ChainError(data.code as ChainErrorCode, message);
  }
  if (error.code === RPC_ERRORS.NodeError && data.name === 'NodeError') {
    return new NodeError(data.code as NodeErrorCode, message);
  }
  return undefined;
}
