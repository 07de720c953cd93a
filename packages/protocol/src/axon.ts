/**
 * The Axon: a miner's server (reference/bittensor-sdk.md §1.7, §2), on fastify.
 *
 * Per request, in this order: headers parsed (400) → declared body size checked (413) →
 * blacklist, on headers only, before a byte of the body is read (403) → signature and nonce
 * verified (401) → priority computed and a worker slot awaited, highest priority first (408 if the
 * timeout passes while waiting, 503 if the line is full) → body read (413 past the limit) and
 * validated (422) → body hash checked against the signed header (500, as Python) → forward run
 * under the request's timeout (408) → response. Every route also answers `/Synapse` (ping) and
 * `/metrics` (Prometheus).
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  type axonOptions,
  type ConfigOf,
  createLogger,
  cryptoReady,
  type Keypair,
  type Logger,
  untilAborted,
} from '@subnetkit/core';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { errorText, ProtocolError } from './errors';
import { type DecodedHeaders, decodeHeaders, encodeHeaders, inputObjects } from './headers';
import { AxonMetrics, UNKNOWN_SYNAPSE_LABEL } from './metrics';
import { type NanoClock, type NonceGuardOptions, wallClockNs } from './nonce';
import { GateRejection, type Lease, PriorityGate } from './priority-gate';
import { axonSignatureMessage, createSigner, type Signer } from './signature';
import { Status, StatusMessage } from './status';
import {
  type AnyStreamingSynapse,
  type AnySynapse,
  type AnyUnarySynapse,
  Ping,
  type RequestOf,
  type ResponseOf,
} from './synapse';
import { PROTOCOL_VERSION, type TerminalInfo } from './terminal-info';
import { RequestVerifier } from './verify';
import { encodeSynapseBody, pickFields } from './wire-body';

/** The `axon.*` option group of a parsed config (`--axon.port`, `--axon.max_workers` …). */
export type AxonConfig = ConfigOf<typeof axonOptions>['axon'];

/** What the hooks see: the request's headers only, before its body has been read. */
export interface IncomingCall {
  readonly synapse: string;
  /** Seconds: the caller's timeout, capped at the axon's `maxTimeout`. */
  readonly timeout: number;
  /** The caller's claims; `ip`/`port` are the TCP peer's, as in Python. Verified only after `verify`. */
  readonly dendrite: Readonly<TerminalInfo>;
  readonly axon: Readonly<TerminalInfo>;
  readonly computedBodyHash: string;
}

/** What a forward sees besides its input: aborted when the timeout passes or the caller hangs up. */
export interface ForwardContext extends IncomingCall {
  readonly signal: AbortSignal;
}

export interface BlacklistDecision {
  readonly blacklisted: boolean;
  readonly reason?: string;
}

interface CommonHooks {
  /** Runs on headers alone. A throw answers 500 and is logged; the axon keeps serving. */
  readonly blacklist?: (call: IncomingCall) => BlacklistDecision | Promise<BlacklistDecision>;
  /** Higher first (Python's templates use the caller's stake). A throw answers 500. */
  readonly priority?: (call: IncomingCall) => number | Promise<number>;
  /** Extra checks after the built-in signature and nonce verification; a throw answers 401. */
  readonly verify?: (call: IncomingCall) => void | Promise<void>;
}

export interface UnaryHandlers<S extends AnyUnarySynapse> extends CommonHooks {
  readonly forward: (input: RequestOf<S>, call: ForwardContext) => ResponseOf<S> | Promise<ResponseOf<S>>;
}

export interface StreamingHandlers<S extends AnyStreamingSynapse> extends CommonHooks {
  /** Yields the chunks of the response; the request's timeout bounds the whole stream. */
  readonly forward: (input: RequestOf<S>, call: ForwardContext) => AsyncIterable<string | Uint8Array>;
}

export interface AxonOptions {
  /** The wallet hotkey: requests must be signed for it, and the axon signs with it. */
  hotkey: Keypair;
  /** `config.axon` of `parseConfig([...axonOptions])`, or any part of it. */
  axon?: Partial<AxonConfig>;
  logger?: Logger;
  /** Largest request body, bytes, unless a synapse sets its own. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Largest timeout a caller may claim, seconds; it bounds the work and the nonce window. Default 60. */
  maxTimeout?: number;
  /** Verified requests allowed to wait for a worker slot. Default 1024. */
  maxWaiting?: number;
  /** Replay-cache sizing (see `NonceGuard`). */
  nonce?: Pick<NonceGuardOptions, 'reorderDepth' | 'maxKeys'>;
  clock?: NanoClock;
  /** `/metrics` (Prometheus) options; `false` serves none. */
  metrics?: false | { path?: string; processMetrics?: boolean; labels?: Readonly<Record<string, string>> };
  /** This axon's uuid in its responses (Python: a uuid1 per axon). Default a random uuid. */
  uuid?: string;
}

export interface ListenOptions {
  host?: string;
  port?: number;
}

export interface CloseOptions {
  /** In-flight requests may finish for this long before their connections are cut. Default 10 s. */
  graceMs?: number;
}

/** What this axon announces on chain (`serve_axon`): external address first. */
export interface ServedAxonInfo {
  readonly ip: string;
  readonly port: number;
  readonly hotkey: string;
  readonly version: number;
}

export const DEFAULT_AXON_PORT = 8091;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_TIMEOUT_SECONDS = 60;

type AbortKind = 'timeout' | 'client' | 'shutdown';

class CallAborted extends Error {
  override readonly name = 'CallAborted';

  constructor(readonly kind: AbortKind) {
    super(`call aborted: ${kind}`);
  }
}

interface Binding {
  readonly synapse: AnySynapse;
  readonly hooks: CommonHooks;
  readonly forward: (input: never, call: ForwardContext) => unknown;
  readonly bodyLimit: number;
}

/** Everything the axon knows about one request, from its headers to its last byte. */
interface CallState {
  readonly binding: Binding;
  readonly headers: DecodedHeaders;
  readonly call: IncomingCall;
  readonly controller: AbortController;
  readonly timer: NodeJS.Timeout;
  verified: boolean;
  lease: Lease | undefined;
  forwardStarted: boolean;
}

export class Axon {
  readonly uuid: string;
  readonly metrics: AxonMetrics | undefined;
  readonly #hotkey: Keypair;
  readonly #signer: Signer;
  readonly #config: AxonConfig;
  readonly #log: Logger;
  readonly #maxBodyBytes: number;
  readonly #maxTimeout: number;
  readonly #metricsPath: string | undefined;
  readonly #clock: NanoClock;
  readonly #gate: PriorityGate;
  readonly #verifier: RequestVerifier;
  readonly #bindings = new Map<string, Binding>();
  readonly #states = new WeakMap<FastifyRequest, CallState>();
  readonly #inFlight = new Set<CallState>();
  readonly #app: FastifyInstance;
  #started = false;
  #closing = false;
  #boundPort: number | undefined;

  constructor(options: AxonOptions) {
    this.#hotkey = options.hotkey;
    this.#signer = createSigner(options.hotkey);
    this.#config = {
      port: options.axon?.port ?? DEFAULT_AXON_PORT,
      ip: options.axon?.ip ?? '127.0.0.1',
      external_ip: options.axon?.external_ip,
      external_port: options.axon?.external_port,
      max_workers: options.axon?.max_workers ?? 10,
    };
    this.uuid = options.uuid ?? randomUUID();
    this.#log = (options.logger ?? createLogger()).child({
      component: 'axon',
      hotkey: this.#hotkey.ss58Address,
    });
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#maxTimeout = options.maxTimeout ?? DEFAULT_MAX_TIMEOUT_SECONDS;
    this.#clock = options.clock ?? wallClockNs;
    this.#gate = new PriorityGate({
      concurrency: this.#config.max_workers,
      maxWaiting: options.maxWaiting ?? 1024,
    });
    this.#verifier = new RequestVerifier(this.#hotkey, {
      ...options.nonce,
      clock: this.#clock,
      maxTimeoutSeconds: this.#maxTimeout,
    });
    this.#metricsPath = options.metrics === false ? undefined : (options.metrics?.path ?? '/metrics');
    this.metrics =
      options.metrics === false
        ? undefined
        : new AxonMetrics({
            processMetrics: options.metrics?.processMetrics ?? false,
            ...(options.metrics?.labels ? { labels: options.metrics.labels } : {}),
            queue: () => this.queue,
          });
    this.#app = Fastify({
      loggerInstance: this.#log as FastifyBaseLogger,
      // One debug line per request is ours (#observe); fastify's two info lines are noise.
      logController: new LogController({ disableRequestLogging: true }),
      bodyLimit: this.#maxBodyBytes,
      return503OnClosing: true,
      forceCloseConnections: 'idle',
      // Bodies arrive within the (capped) timeout or not at all.
      requestTimeout: (this.#maxTimeout + 5) * 1000,
    });
    this.attach(Ping, { forward: () => ({}) });
  }

  /** Serves `synapse` at `/<name>` with these handlers; call before `listen`. */
  attach<S extends AnyUnarySynapse>(synapse: S, handlers: UnaryHandlers<S>): this;
  attach<S extends AnyStreamingSynapse>(synapse: S, handlers: StreamingHandlers<S>): this;
  attach(
    synapse: AnySynapse,
    handlers: UnaryHandlers<AnyUnarySynapse> | StreamingHandlers<AnyStreamingSynapse>,
  ): this {
    if (this.#started) {
      throw new ProtocolError(
        'AxonState',
        `Attach ${synapse.name} before listen(): the routes are fixed once serving.`,
      );
    }
    if (this.#bindings.has(synapse.name)) {
      throw new ProtocolError('AxonState', `Synapse ${synapse.name} is already attached to this axon.`);
    }
    if (this.#metricsPath === `/${synapse.name}`) {
      throw new ProtocolError('AxonState', `Synapse ${synapse.name} clashes with the metrics path.`);
    }
    const { forward, ...hooks } = handlers;
    this.#bindings.set(synapse.name, {
      synapse,
      hooks,
      forward: forward as Binding['forward'],
      bodyLimit: synapse.maxBodyBytes ?? this.#maxBodyBytes,
    });
    return this;
  }

  /** Starts serving (default host/port: `axon.ip`/`axon.port`); returns the bound port. */
  async listen(options: ListenOptions = {}): Promise<number> {
    if (this.#started) throw new ProtocolError('AxonState', 'This axon is already listening.');
    this.#started = true;
    await cryptoReady();
    this.#registerRoutes();
    await this.#app.listen({
      host: options.host ?? this.#config.ip,
      port: options.port ?? this.#config.port,
    });
    const address = this.#app.server.address();
    this.#boundPort = typeof address === 'object' && address !== null ? address.port : this.#config.port;
    this.#log.info(
      { port: this.#boundPort, synapses: [...this.#bindings.keys()], max_workers: this.#gate.concurrency },
      'axon listening',
    );
    return this.#boundPort;
  }

  /**
   * Stops accepting, turns queued requests away (503) and lets in-flight ones finish for
   * `graceMs`; then aborts their forwards and closes their connections.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    this.#closing = true;
    this.#gate.close();
    const force = setTimeout(() => {
      for (const state of this.#inFlight) state.controller.abort(new CallAborted('shutdown'));
      this.#app.server.closeAllConnections();
    }, options.graceMs ?? 10_000);
    force.unref();
    try {
      await this.#app.close();
    } finally {
      clearTimeout(force);
    }
  }

  /** The port being served on (after `listen`), else the configured one. */
  get port(): number {
    return this.#boundPort ?? this.#config.port;
  }

  get hotkey(): string {
    return this.#hotkey.ss58Address;
  }

  /** The fastify instance, for `inject` in tests or extra routes before `listen`. */
  get server(): FastifyInstance {
    return this.#app;
  }

  /** Worker slots in use and requests waiting for one. */
  get queue(): { running: number; waiting: number } {
    return { running: this.#gate.running, waiting: this.#gate.waiting };
  }

  /** What to announce on chain: `axon.external_ip`/`external_port` when set. */
  info(): ServedAxonInfo {
    return {
      ip: this.#config.external_ip ?? this.#config.ip,
      port: this.#config.external_port ?? this.port,
      hotkey: this.#hotkey.ss58Address,
      version: PROTOCOL_VERSION,
    };
  }

  #registerRoutes(): void {
    const app = this.#app;
    const defaultJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (body === '') done(null, {});
      else defaultJson(request, body as string, done);
    });
    app.addHook('onRequest', (request, reply, done) => {
      this.#observe(request, reply);
      done();
    });
    // A kept-alive connection would hold close() open until the client drops it.
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (this.#closing) reply.header('connection', 'close');
      done(null, payload);
    });
    for (const binding of this.#bindings.values()) {
      app.route({
        method: ['GET', 'POST'],
        url: `/${binding.synapse.name}`,
        bodyLimit: binding.bodyLimit,
        onRequest: (request, reply) => this.#admit(binding, request, reply),
        // An async handler must return the reply, or fastify ends a streamed response at once.
        handler: async (request, reply) => {
          await this.#serve(request, reply);
          return reply;
        },
      });
    }
    const metrics = this.metrics;
    if (metrics && this.#metricsPath) {
      app.get(this.#metricsPath, async (_request, reply) => {
        reply.type(metrics.contentType);
        return metrics.render();
      });
    }
    app.setNotFoundHandler((request, reply) => {
      const name = request.url.split('?')[0]?.split('/')[1] ?? '';
      this.#sendBare(reply, Status.NotFound, StatusMessage.notFound(name, [...this.#bindings.keys()]));
    });
    app.setErrorHandler((error, request, reply) => this.#onError(error, request, reply));
  }

  /** Headers → size → blacklist → verify → priority → worker slot. Body not read yet. */
  async #admit(binding: Binding, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const synapse = binding.synapse;
    let headers: DecodedHeaders;
    try {
      headers = decodeHeaders(request.headers);
    } catch (error) {
      this.#sendBare(reply, Status.BadRequest, StatusMessage.badRequest(errorText(error)), synapse.name);
      return;
    }
    const timeout = Math.min(headers.timeout ?? synapse.timeout, this.#maxTimeout);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new CallAborted('timeout')), timeout * 1000);
    timer.unref();
    const state: CallState = {
      binding,
      headers,
      call: {
        synapse: synapse.name,
        timeout,
        dendrite: { ...headers.dendrite, ip: peerIp(request), port: request.socket.remotePort },
        axon: headers.axon,
        computedBodyHash: headers.computedBodyHash ?? '',
      },
      controller,
      timer,
      verified: false,
      lease: undefined,
      forwardStarted: false,
    };
    this.#states.set(request, state);
    this.#inFlight.add(state);

    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > binding.bodyLimit) {
      this.#sendError(reply, state, Status.TooLarge, StatusMessage.tooLarge(binding.bodyLimit));
      return;
    }

    const { blacklist, verify, priority } = binding.hooks;
    if (blacklist) {
      const decision = await this.#runHook('blacklist', state, () => blacklist(state.call));
      if (decision === HOOK_FAILED) {
        this.#sendInternal(reply, state, 'blacklist hook threw');
        return;
      }
      if (decision.blacklisted) {
        this.#sendError(reply, state, Status.Blacklisted, StatusMessage.blacklisted(decision.reason ?? ''));
        return;
      }
    }

    const failure = this.#verifier.verify(state.call);
    if (failure !== undefined) {
      this.#sendError(reply, state, Status.NotVerified, StatusMessage.notVerified(failure));
      return;
    }
    if (verify) {
      try {
        await verify(state.call);
      } catch (error) {
        this.#sendError(reply, state, Status.NotVerified, StatusMessage.notVerified(errorText(error)));
        return;
      }
    }
    state.verified = true;

    let rank = 0;
    if (priority) {
      const value = await this.#runHook('priority', state, () => priority(state.call));
      if (value === HOOK_FAILED || !Number.isFinite(value)) {
        this.#sendInternal(reply, state, `priority hook gave ${value === HOOK_FAILED ? 'an error' : value}`);
        return;
      }
      rank = value;
    }

    try {
      state.lease = await this.#gate.acquire(rank, controller.signal);
    } catch (error) {
      this.#sendAbortOrRejection(reply, state, error);
    }
  }

  /** Body checks, then the forward under the timeout. */
  async #serve(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const state = this.#states.get(request);
    if (state === undefined) {
      this.#sendBare(reply, Status.Internal, 'Internal Server Error');
      return;
    }
    if (state.controller.signal.aborted) {
      this.#sendAbortOrRejection(reply, state, state.controller.signal.reason);
      return;
    }
    const synapse = state.binding.synapse;
    const body = request.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      this.#sendError(
        reply,
        state,
        Status.Unprocessable,
        StatusMessage.unprocessable('the body is not a JSON object'),
      );
      return;
    }
    const input = pickFields(body as Record<string, unknown>, Object.keys(synapse.request.properties));
    const problem = synapse.checkRequest(input);
    if (problem !== undefined) {
      this.#sendError(reply, state, Status.Unprocessable, StatusMessage.unprocessable(problem));
      return;
    }
    const bodyHash = synapse.bodyHash(input);
    if (bodyHash !== state.call.computedBodyHash) {
      // Python answers a body that does not match its signed hash with a 500, and so do we.
      this.#sendInternal(reply, state, `body hash ${bodyHash} differs from the signed header's`);
      return;
    }
    const context: ForwardContext = { ...state.call, signal: state.controller.signal };
    if (synapse.kind === 'unary') await this.#serveUnary(reply, state, input, context);
    else await this.#serveStream(reply, state, input, context);
  }

  async #serveUnary(
    reply: FastifyReply,
    state: CallState,
    input: Record<string, unknown>,
    context: ForwardContext,
  ): Promise<void> {
    const synapse = state.binding.synapse as AnyUnarySynapse;
    let output: unknown;
    try {
      output = await untilAborted(this.#startForward(state, input, context), context.signal);
    } catch (error) {
      if (error instanceof CallAborted) {
        this.#sendAbortOrRejection(reply, state, error);
        return;
      }
      this.#sendInternal(reply, state, 'forward threw', error);
      return;
    }
    const responseKeys = Object.keys(synapse.response.properties);
    const fields = typeof output === 'object' && output !== null ? (output as Record<string, unknown>) : {};
    const response = pickFields(fields, responseKeys);
    const problem = synapse.checkResponse(response);
    if (problem !== undefined) {
      this.#sendInternal(reply, state, `forward returned an invalid response: ${problem}`);
      return;
    }
    const axon = this.#successAxonInfo(state, reply);
    let json: string;
    try {
      json = encodeSynapseBody({
        name: synapse.name,
        timeout: state.call.timeout,
        dendrite: state.headers.dendrite,
        axon,
        fields: { ...input, ...response },
        nullFields: responseKeys,
      });
    } catch (error) {
      this.#sendInternal(reply, state, 'response is not JSON-serialisable', error);
      return;
    }
    reply
      .code(Status.Success)
      .headers(this.#successHeaders(state, axon, input, Buffer.byteLength(json)))
      .type('application/json')
      .send(json);
  }

  async #serveStream(
    reply: FastifyReply,
    state: CallState,
    input: Record<string, unknown>,
    context: ForwardContext,
  ): Promise<void> {
    let iterator: AsyncIterator<string | Uint8Array> | undefined;
    let first: IteratorResult<string | Uint8Array>;
    try {
      const iterable = (await this.#startForward(state, input, context, false)) as AsyncIterable<
        string | Uint8Array
      >;
      iterator = iterable[Symbol.asyncIterator]();
      first = await untilAborted(iterator.next(), context.signal);
    } catch (error) {
      closeIterator(iterator);
      state.lease?.release();
      if (error instanceof CallAborted) {
        this.#sendAbortOrRejection(reply, state, error);
        return;
      }
      this.#sendInternal(reply, state, 'streaming forward threw before its first chunk', error);
      return;
    }
    const axon = this.#successAxonInfo(state, reply);
    const log = this.#log;
    const forwardChunks = iterator;
    async function* chunks(): AsyncGenerator<Buffer> {
      let next = first;
      try {
        while (!next.done) {
          yield typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : Buffer.from(next.value);
          next = await untilAborted(forwardChunks.next(), context.signal);
        }
      } catch (error) {
        // Headers are gone: cutting the connection is the only way to tell the caller it failed.
        if (!(error instanceof CallAborted)) {
          log.error({ err: error, synapse: state.call.synapse }, 'stream failed');
        }
        throw error;
      } finally {
        // Also when the response stream is destroyed while this waits at `yield`: no catch runs then.
        if (!next.done) closeIterator(forwardChunks);
        state.lease?.release();
      }
    }
    reply
      .code(Status.Success)
      .headers(this.#successHeaders(state, axon, input, 0))
      .type('text/event-stream')
      .send(Readable.from(chunks()));
  }

  /** Runs the forward after yielding to the event loop, so a synchronous throw is a rejection. */
  #startForward(
    state: CallState,
    input: Record<string, unknown>,
    context: ForwardContext,
    releaseOnSettle = true,
  ): Promise<unknown> {
    state.forwardStarted = true;
    const forward = state.binding.forward as (input: unknown, call: ForwardContext) => unknown;
    const running = yieldToEventLoop().then(() => forward(input, context));
    // The slot is held until the forward settles, even after a timeout answered the caller:
    // max_workers bounds the work actually running, not just the requests still connected.
    if (releaseOnSettle) running.finally(() => state.lease?.release()).catch(() => undefined);
    return running;
  }

  async #runHook<T>(
    hook: 'blacklist' | 'priority',
    state: CallState,
    run: () => T | Promise<T>,
  ): Promise<T | typeof HOOK_FAILED> {
    try {
      return await run();
    } catch (error) {
      this.#log.error(
        { err: error, synapse: state.call.synapse, caller: state.call.dendrite.hotkey },
        `${hook} hook threw`,
      );
      return HOOK_FAILED;
    }
  }

  #sendAbortOrRejection(reply: FastifyReply, state: CallState, error: unknown): void {
    if (error instanceof CallAborted) {
      switch (error.kind) {
        case 'timeout':
          this.#sendError(reply, state, Status.Timeout, StatusMessage.timeout(state.call.timeout));
          return;
        case 'shutdown':
          this.#sendError(reply, state, Status.Unavailable, StatusMessage.unavailable(SHUTTING_DOWN));
          return;
        case 'client':
          // Nobody is left to answer; stop fastify from reading a body for no one.
          reply.hijack();
          return;
      }
    }
    if (error instanceof GateRejection) {
      const detail = error.code === 'Closed' ? SHUTTING_DOWN : error.message;
      this.#sendError(reply, state, Status.Unavailable, StatusMessage.unavailable(detail));
      return;
    }
    this.#sendInternal(reply, state, 'waiting for a worker slot failed', error);
  }

  #sendInternal(reply: FastifyReply, state: CallState | undefined, why: string, error?: unknown): void {
    const errorId = randomUUID();
    this.#log.error(
      { err: error, errorId, synapse: state?.call.synapse, caller: state?.call.dendrite.hotkey },
      why,
    );
    if (state) this.#sendError(reply, state, Status.Internal, StatusMessage.internal(errorId));
    else this.#sendBare(reply, Status.Internal, StatusMessage.internal(errorId));
  }

  /** An error answer with the header synapse's headers, as Python's `create_error_response`. */
  #sendError(reply: FastifyReply, state: CallState, status: number, message: string): void {
    if (reply.sent || reply.raw.destroyed) return;
    const synapse = state.binding.synapse;
    const axon: TerminalInfo = {
      ...state.headers.axon,
      hotkey: this.#hotkey.ss58Address,
      version: PROTOCOL_VERSION,
      uuid: this.uuid,
      status_code: status,
      status_message: message,
      process_time: reply.elapsedTime / 1000,
    };
    // Only requests that proved who they are cost a signature: spam rejected earlier does not.
    if (state.verified) {
      axon.nonce = this.#clock();
      axon.signature = this.#signer.sign(
        axonSignatureMessage({
          nonce: axon.nonce,
          dendriteHotkey: state.call.dendrite.hotkey ?? '',
          axonHotkey: this.#hotkey.ss58Address,
          uuid: this.uuid,
        }),
      );
    }
    const json = JSON.stringify({ message });
    const headers = encodeHeaders({
      name: synapse.name,
      timeout: state.call.timeout,
      axon,
      dendrite: state.call.dendrite,
      inputObjects: inputObjects(synapse.requiredFields, synapse.request.properties, {}),
      totalSize: Buffer.byteLength(json),
      computedBodyHash: state.call.computedBodyHash,
    });
    reply.code(status).headers(headers).type('application/json').send(json);
  }

  /** An answer to a request that never parsed into a synapse call (400, 404). */
  #sendBare(reply: FastifyReply, status: number, message: string, name?: string): void {
    if (reply.sent || reply.raw.destroyed) return;
    const json = JSON.stringify({ message });
    const headers = encodeHeaders({
      name: name ?? '',
      timeout: 0,
      axon: {
        status_code: status,
        status_message: message,
        hotkey: this.#hotkey.ss58Address,
        uuid: this.uuid,
      },
      dendrite: {},
      computedBodyHash: '',
    });
    delete headers.timeout;
    if (name === undefined) delete headers.name;
    reply.code(status).headers(headers).type('application/json').send(json);
  }

  #successAxonInfo(state: CallState, reply: FastifyReply): TerminalInfo {
    return {
      ...state.headers.axon,
      status_code: Status.Success,
      status_message: StatusMessage.success,
      process_time: reply.elapsedTime / 1000,
    };
  }

  #successHeaders(
    state: CallState,
    axon: TerminalInfo,
    input: Record<string, unknown>,
    totalSize: number,
  ): Record<string, string> {
    return encodeHeaders({
      name: state.binding.synapse.name,
      timeout: state.call.timeout,
      axon,
      dendrite: state.headers.dendrite,
      inputObjects: inputObjects(
        state.binding.synapse.requiredFields,
        state.binding.synapse.request.properties,
        input,
      ),
      totalSize,
      computedBodyHash: state.call.computedBodyHash,
    });
  }

  /** Fastify's own rejections (body too large, bad JSON, media type) in the protocol's shape. */
  #onError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const state = this.#states.get(request);
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    const statusCode =
      typeof error === 'object' && error !== null
        ? (error as { statusCode?: unknown }).statusCode
        : undefined;
    let status: number;
    let message: string;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = Status.TooLarge;
      message = StatusMessage.tooLarge(state?.binding.bodyLimit ?? this.#maxBodyBytes);
    } else if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      status = Status.UnsupportedMediaType;
      message = StatusMessage.unsupportedMediaType(String(request.headers['content-type']));
    } else if (statusCode === 400) {
      status = Status.Unprocessable;
      message = StatusMessage.unprocessable(`the body is not valid JSON (${errorText(error)})`);
    } else {
      this.#sendInternal(reply, state, 'request failed', error);
      return;
    }
    if (state) this.#sendError(reply, state, status, message);
    else this.#sendBare(reply, status, message);
  }

  /** Metrics, the per-request log line and clean-up, once the response is finished or abandoned. */
  #observe(request: FastifyRequest, reply: FastifyReply): void {
    const started = performance.now();
    reply.raw.once('close', () => {
      const state = this.#states.get(request);
      const finished = reply.raw.writableFinished;
      if (state) {
        clearTimeout(state.timer);
        if (!finished) state.controller.abort(new CallAborted('client'));
        // A unary forward keeps its slot until it settles; a stream's ends with its response.
        if (!state.forwardStarted || state.binding.synapse.kind === 'stream') state.lease?.release();
        this.#inFlight.delete(state);
      }
      const route = request.routeOptions.url;
      if (route === this.#metricsPath) return;
      const synapse = state?.call.synapse ?? (route ? route.slice(1) : UNKNOWN_SYNAPSE_LABEL);
      const status = finished ? reply.statusCode : 'aborted';
      const ms = performance.now() - started;
      this.metrics?.observe(synapse, status, ms / 1000);
      this.#log.debug(
        {
          synapse,
          status,
          ms: Math.round(ms * 10) / 10,
          caller: state?.call.dendrite.hotkey,
          ip: state?.call.dendrite.ip,
          bytes: Number(request.headers['content-length'] ?? 0),
        },
        `<-- | ${synapse} | ${status} | ${reply.getHeader('bt_header_axon_status_message') ?? ''}`,
      );
    });
  }
}

const HOOK_FAILED = Symbol('hook failed');
const SHUTTING_DOWN = 'the axon is shutting down';

function peerIp(request: FastifyRequest): string | undefined {
  const address = request.socket.remoteAddress;
  return address?.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * Ends a forward's iteration early, so its `finally` blocks run. A `next()` still pending (the
 * timeout passed while it worked) is let finish first: async generators queue the `return()`.
 */
function closeIterator(iterator: AsyncIterator<unknown> | undefined): void {
  void iterator?.return?.()?.catch(() => undefined);
}
