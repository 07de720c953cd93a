/**
 * The Dendrite: a validator's client (reference/bittensor-sdk.md §1.5, §1.8, §1.9), on undici.
 * Each call is signed with a fresh nanosecond nonce, bounded by one total timeout (queueing,
 * connecting, sending, reading, a whole stream), and ends in a status code and message, never a
 * throw. Connections are kept alive per axon, and at most `maxConcurrent` calls run at once.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createLogger, cryptoReady, type Keypair, type Logger } from '@subnetkit/core';
import { Agent } from 'undici';
import {
  type CallFailure,
  classifyError,
  type FailureContext,
  type LocalAbort,
  localAbortFailure,
} from './dendrite-errors';
import { errorText } from './errors';
import { type NanoClock, NonceSource, wallClockNs } from './nonce';
import { type Lease, PriorityGate } from './priority-gate';
import { type AxonTarget, type PreparedRequest, prepareRequest } from './request';
import { type CallOutcome, interpretResponse } from './response';
import { createSigner, type Signer } from './signature';
import type { AnyStreamingSynapse, AnySynapse, AnyUnarySynapse, RequestOf, ResponseOf } from './synapse';
import { PROTOCOL_VERSION, type TerminalInfo } from './terminal-info';

export interface DendriteOptions {
  /** The wallet hotkey that signs every request. */
  keypair: Keypair;
  /** The address announced in `bt_header_dendrite_ip`. Never looked up online. Default 127.0.0.1. */
  externalIp?: string;
  /** Calls in flight at once, across all axons. Default 100 (aiohttp's connector limit). */
  maxConcurrent?: number;
  /** Kept-alive connections per axon. Default 8. */
  connectionsPerAxon?: number;
  /** How long an idle connection is kept. Default 30 s. */
  keepAliveMs?: number;
  /** Larger responses fail with 400 "Payload error". Default 64 MiB. */
  maxResponseBytes?: number;
  clock?: NanoClock;
  /** Python: a uuid1 per dendrite. Default a random uuid. */
  uuid?: string;
  logger?: Logger;
}

export interface CallOptions {
  /** Seconds, for the whole call. Default the synapse's timeout (12 s). */
  timeout?: number;
  /** Cancels the call (status 499). */
  signal?: AbortSignal;
}

interface ResultBase {
  readonly synapse: string;
  readonly statusCode: number;
  readonly statusMessage: string;
  /** Seconds the call took, as measured here. */
  readonly processTime: number;
  readonly dendrite: TerminalInfo;
  readonly axon: TerminalInfo;
  readonly isTimeout: boolean;
  readonly isBlacklist: boolean;
  readonly failedVerification: boolean;
}

/** A call's outcome: narrow on `isSuccess` to read `response`. */
export type SynapseResult<R> =
  | (ResultBase & { readonly isSuccess: true; readonly response: R })
  | (ResultBase & { readonly isSuccess: false; readonly response: undefined });

export type StreamResult = ResultBase & { readonly isSuccess: boolean };

/** Chunks as they arrive (`for await`), then `result` once the stream has ended. */
export interface StreamingCall extends AsyncIterable<string> {
  /** Settles once iteration has ended; start iterating first, or it never will. */
  readonly result: Promise<StreamResult>;
}

export class Dendrite {
  readonly uuid: string;
  readonly #keypair: Keypair;
  readonly #signer: Signer;
  readonly #externalIp: string;
  readonly #nonces: NonceSource;
  readonly #gate: PriorityGate;
  readonly #agent: Agent;
  readonly #closed = new AbortController();
  readonly #log: Logger;
  #ready: Promise<void> | undefined;

  constructor(options: DendriteOptions) {
    this.#keypair = options.keypair;
    this.#signer = createSigner(options.keypair);
    this.#externalIp = options.externalIp ?? '127.0.0.1';
    this.#nonces = new NonceSource(options.clock ?? wallClockNs);
    this.#gate = new PriorityGate({ concurrency: options.maxConcurrent ?? 100 });
    this.uuid = options.uuid ?? randomUUID();
    this.#log = (options.logger ?? createLogger()).child({ component: 'dendrite' });
    // Every call in flight listens for close(): hundreds at once are expected, not a leak.
    setMaxListeners(0, this.#closed.signal);
    this.#agent = new Agent({
      connections: options.connectionsPerAxon ?? 8,
      pipelining: 1,
      keepAliveTimeout: options.keepAliveMs ?? 30_000,
      // The call's AbortSignal is the one timeout; undici's own would cut long streams short.
      headersTimeout: 0,
      bodyTimeout: 0,
      maxResponseSize: options.maxResponseBytes ?? 64 * 1024 * 1024,
    });
  }

  get hotkey(): string {
    return this.#keypair.ss58Address;
  }

  /** Calls in flight and calls waiting for the concurrency limit. */
  get load(): { running: number; waiting: number } {
    return { running: this.#gate.running, waiting: this.#gate.waiting };
  }

  /** One signed call to one axon. */
  async call<S extends AnyUnarySynapse>(
    target: AxonTarget,
    synapse: S,
    input: RequestOf<S>,
    options: CallOptions = {},
  ): Promise<SynapseResult<ResponseOf<S>>> {
    const started = performance.now();
    const context = failureContext(target, synapse, options);
    const abort = this.#abortFor(context.timeout, options.signal);
    let lease: Lease | undefined;
    let outcome: CallOutcome | CallFailure;
    let sent: PreparedRequest | undefined;
    try {
      lease = await this.#gate.acquire(0, abort.signal);
      const prepared = await this.#prepare(target, synapse, input, context.timeout);
      if (isFailure(prepared)) {
        outcome = prepared;
      } else {
        sent = prepared;
        const response = await this.#post(target, prepared, abort.signal);
        const body = await response.body.text();
        outcome = interpretResponse(synapse, prepared, {
          status: response.statusCode,
          headers: response.headers,
          body,
        });
      }
    } catch (error) {
      const local = abort.reason();
      outcome = local ? localAbortFailure(local, context) : classifyError(error, context);
    } finally {
      lease?.release();
      abort.dispose();
    }
    const result = toResult(synapse.name, sent, outcome, started);
    this.#logCall(target, result);
    return result as SynapseResult<ResponseOf<S>>;
  }

  /** The same call to many axons at once (within `maxConcurrent`), results in target order. */
  async forward<S extends AnyUnarySynapse>(
    targets: readonly AxonTarget[],
    synapse: S,
    input: RequestOf<S>,
    options: CallOptions = {},
  ): Promise<SynapseResult<ResponseOf<S>>[]> {
    const callerSignal = options.signal;
    if (callerSignal === undefined) {
      return Promise.all(targets.map((target) => this.call(target, synapse, input, options)));
    }
    // One listener on the caller's signal for the whole fan-out: one per target would make Node
    // warn of a listener leak past ten targets (a validator queries fifty).
    const fanOut = new AbortController();
    setMaxListeners(0, fanOut.signal);
    const cancel = (): void => fanOut.abort(callerSignal.reason);
    if (callerSignal.aborted) cancel();
    else callerSignal.addEventListener('abort', cancel, { once: true });
    try {
      return await Promise.all(
        targets.map((target) => this.call(target, synapse, input, { ...options, signal: fanOut.signal })),
      );
    } finally {
      callerSignal.removeEventListener('abort', cancel);
    }
  }

  /** A streaming call: iterate it for chunks, then read `result`. Never throws. */
  stream<S extends AnyStreamingSynapse>(
    target: AxonTarget,
    synapse: S,
    input: RequestOf<S>,
    options: CallOptions = {},
  ): StreamingCall {
    let settle: (result: StreamResult) => void = () => undefined;
    const result = new Promise<StreamResult>((resolve) => {
      settle = resolve;
    });
    const generator = this.#streamChunks(target, synapse, input, options, (value) => {
      this.#logCall(target, value);
      settle({ ...value, isSuccess: value.statusCode === 200 });
    });
    let taken = false;
    return {
      result,
      [Symbol.asyncIterator]() {
        if (taken) throw new TypeError('A streaming call can be iterated once.');
        taken = true;
        return generator;
      },
    };
  }

  /** Cancels calls in flight (status 500 "the dendrite was closed") and closes connections. */
  async close(): Promise<void> {
    if (this.#closed.signal.aborted) return;
    this.#closed.abort();
    this.#gate.close();
    await this.#agent.close();
  }

  async *#streamChunks(
    target: AxonTarget,
    synapse: AnyStreamingSynapse,
    input: Readonly<Record<string, unknown>>,
    options: CallOptions,
    settle: (result: ResultBase) => void,
  ): AsyncGenerator<string, void, undefined> {
    const started = performance.now();
    const context = failureContext(target, synapse, options);
    const abort = this.#abortFor(context.timeout, options.signal);
    let lease: Lease | undefined;
    let sent: PreparedRequest | undefined;
    let outcome: CallOutcome | CallFailure | undefined;
    let final: CallOutcome | CallFailure | undefined;
    try {
      lease = await this.#gate.acquire(0, abort.signal);
      const prepared = await this.#prepare(target, synapse, input, context.timeout);
      if (isFailure(prepared)) {
        outcome = prepared;
        return;
      }
      sent = prepared;
      const response = await this.#post(target, sent, abort.signal);
      if (response.statusCode !== 200) {
        const body = await response.body.text();
        outcome = interpretResponse(synapse, sent, {
          status: response.statusCode,
          headers: response.headers,
          body,
        });
        return;
      }
      final = interpretResponse(synapse, sent, {
        status: 200,
        headers: response.headers,
        body: undefined,
      });
      const decoder = new TextDecoder();
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        if (text !== '') yield text;
      }
      const tail = decoder.decode();
      if (tail !== '') yield tail;
      outcome = final;
    } catch (error) {
      const local = abort.reason();
      outcome = local ? localAbortFailure(local, context) : classifyError(error, context);
    } finally {
      // No outcome yet means the consumer stopped iterating early: the axon's answer stands.
      abort.abort();
      lease?.release();
      abort.dispose();
      settle(toResult(synapse.name, sent, outcome ?? final ?? CANCELLED, started));
    }
  }

  async #prepare(
    target: AxonTarget,
    synapse: AnySynapse,
    input: Readonly<Record<string, unknown>>,
    timeout: number,
  ): Promise<PreparedRequest | CallFailure> {
    const problem = synapse.checkRequest(input);
    if (problem !== undefined) return { statusCode: 400, statusMessage: `Invalid request: ${problem}` };
    this.#ready ??= cryptoReady();
    await this.#ready;
    try {
      return prepareRequest(synapse, input, target, timeout, {
        signer: this.#signer,
        ip: this.#externalIp,
        version: PROTOCOL_VERSION,
        nonce: this.#nonces.next(),
        uuid: this.uuid,
      });
    } catch (error) {
      return {
        statusCode: 400,
        statusMessage: `Invalid request: ${errorText(error)}`,
      };
    }
  }

  /** Sends a prepared request to the target's axon: the one HTTP call of `call` and `stream`. */
  #post(target: AxonTarget, prepared: PreparedRequest, signal: AbortSignal): ReturnType<Agent['request']> {
    return this.#agent.request({
      origin: originOf(target, this.#externalIp),
      path: prepared.path,
      method: 'POST',
      headers: { ...prepared.headers, 'content-type': 'application/json' },
      body: prepared.body,
      signal,
    });
  }

  /** One signal for the call: its total timeout, the caller's signal, and `close()`. */
  #abortFor(timeoutSeconds: number, callerSignal: AbortSignal | undefined): CallAbort {
    const own = new AbortController();
    let reason: LocalAbort | undefined;
    const fire = (kind: LocalAbort) => () => {
      reason ??= kind;
      own.abort();
    };
    const timer = setTimeout(fire('timeout'), timeoutSeconds * 1000);
    const onCancel = fire('cancelled');
    const onClose = fire('closed');
    callerSignal?.addEventListener('abort', onCancel, { once: true });
    this.#closed.signal.addEventListener('abort', onClose, { once: true });
    if (callerSignal?.aborted) onCancel();
    if (this.#closed.signal.aborted) onClose();
    return {
      signal: own.signal,
      reason: () => reason,
      abort: () => own.abort(),
      dispose: () => {
        clearTimeout(timer);
        callerSignal?.removeEventListener('abort', onCancel);
        this.#closed.signal.removeEventListener('abort', onClose);
      },
    };
  }

  #logCall(target: AxonTarget, result: ResultBase): void {
    this.#log.debug(
      {
        synapse: result.synapse,
        status: result.statusCode,
        ms: Math.round(result.processTime * 10_000) / 10,
        axon: target.hotkey,
        ip: target.ip,
        port: target.port,
      },
      `--> | ${result.synapse} | ${result.statusCode} | ${result.statusMessage}`,
    );
  }
}

const CANCELLED: CallFailure = {
  statusCode: 499,
  statusMessage: 'Client error: the call was cancelled by the caller',
};

interface CallAbort {
  readonly signal: AbortSignal;
  /** Why our own code aborted, if it did. */
  reason(): LocalAbort | undefined;
  abort(): void;
  dispose(): void;
}

function isFailure(value: PreparedRequest | CallFailure): value is CallFailure {
  return 'statusCode' in value;
}

function failureContext(target: AxonTarget, synapse: AnySynapse, options: CallOptions): FailureContext {
  return {
    ip: target.ip,
    port: target.port,
    synapse: synapse.name,
    timeout: options.timeout ?? synapse.timeout,
  };
}

/** Python dials 0.0.0.0 for an axon on its own external ip (no hairpin NAT); loopback here. */
function originOf(target: AxonTarget, externalIp: string): string {
  const host = target.ip === externalIp ? '127.0.0.1' : target.ip;
  return host.includes(':') ? `http://[${host}]:${target.port}` : `http://${host}:${target.port}`;
}

function toResult(
  synapse: string,
  sent: PreparedRequest | undefined,
  outcome: CallOutcome | CallFailure,
  started: number,
): SynapseResult<unknown> {
  const processTime = (performance.now() - started) / 1000;
  const dendrite: TerminalInfo = {
    ...('dendrite' in outcome ? outcome.dendrite : sent?.dendrite),
    status_code: outcome.statusCode,
    status_message: outcome.statusMessage,
    process_time: processTime,
  };
  const axon: TerminalInfo = 'axon' in outcome ? outcome.axon : { ...sent?.axon };
  const base: ResultBase = {
    synapse,
    statusCode: outcome.statusCode,
    statusMessage: outcome.statusMessage,
    processTime,
    dendrite,
    axon,
    isTimeout: outcome.statusCode === 408,
    isBlacklist: outcome.statusCode === 403,
    failedVerification: outcome.statusCode === 401,
  };
  if ('response' in outcome && outcome.response !== undefined && outcome.statusCode === 200) {
    return { ...base, isSuccess: true, response: outcome.response };
  }
  return { ...base, isSuccess: false, response: undefined };
}
