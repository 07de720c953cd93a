import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createLogger, type Logger } from '@subnetkit/core';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { ChainError } from '../errors';
import type { BlockNotice, ChainNode } from '../node/chain-node';
import { RPC_ERRORS, RpcError, type RpcErrorObject, rpcErrorOf } from './errors';
import {
  chainMethods,
  DEFAULT_IDENTITY,
  MAX_INCLUSION_WAIT_MS,
  type NodeIdentity,
  type RpcMethod,
  SUBSCRIPTIONS,
} from './methods';

/** Substrate's default RPC port. */
export const DEFAULT_RPC_PORT = 9944;
/** Largest request body (HTTP) or message (WebSocket): a block of 1,000 extrinsics fits many times. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Most requests in one batch. */
export const MAX_BATCH = 256;
/** A subscriber that lets this much pile up unread is too slow to follow the chain: it is dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface RpcServerOptions {
  /** Default 127.0.0.1: only this machine. Pass 0.0.0.0 (or ::) to serve other machines. */
  host?: string;
  /** Default 9944; 0 picks a free port. */
  port?: number;
  maxBodyBytes?: number;
  identity?: Partial<NodeIdentity>;
  /** Default: silent. */
  logger?: Logger;
}

type Id = string | number | null;

interface Response {
  jsonrpc: '2.0';
  id: Id;
  result?: unknown;
  error?: RpcErrorObject;
}

/** One WebSocket's subscriptions: id → its subscribe method (a key of SUBSCRIPTIONS). */
type Subscriptions = Map<string, string>;

/**
 * JSON-RPC 2.0 for a ChainNode over HTTP POST and WebSocket on one port (as Substrate serves
 * both on 9944). A thin shell around the method table (methods.ts): parse, validate the envelope,
 * dispatch, answer; subscriptions fan out from one listener on the node.
 */
export class RpcServer {
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly #methods: Record<string, RpcMethod>;
  readonly #node: ChainNode;
  readonly #log: Logger;
  readonly #maxBodyBytes: number;
  readonly #sockets = new Map<WebSocket, Subscriptions>();
  readonly #onBlock = (notice: BlockNotice) => {
    // Each kind of notification is encoded once per block, however many sockets follow it.
    const results = new Map<string, string>();
    const resultOf = (method: string) => {
      let text = results.get(method);
      if (text === undefined) {
        text = JSON.stringify(SUBSCRIPTIONS[method]!.result(notice));
        results.set(method, text);
      }
      return text;
    };
    for (const [ws, subscriptions] of this.#sockets) {
      for (const [id, method] of subscriptions) {
        if (ws.readyState !== ws.OPEN) break;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          this.#log.warn({ subscription: id }, 'subscriber too slow; closing its socket');
          ws.close(1008, 'too slow to follow the chain');
          break;
        }
        const { notification } = SUBSCRIPTIONS[method]!;
        // The shape of JSON.stringify({ jsonrpc, method, params: { subscription, result } }).
        ws.send(
          `{"jsonrpc":"2.0","method":${JSON.stringify(notification)},"params":{"subscription":${JSON.stringify(id)},"result":${resultOf(method)}}}`,
        );
      }
    }
  };
  #closing: Promise<void> | undefined;
  /** Where it listens, kept after close for logs and restarts on the same port. */
  #address: AddressInfo | undefined;

  private constructor(node: ChainNode, options: RpcServerOptions) {
    this.#node = node;
    this.#log = (options.logger ?? createLogger({ level: 'silent' })).child({ component: 'rpc' });
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#methods = chainMethods(node, {
      chain: options.identity?.chain ?? DEFAULT_IDENTITY.chain,
      name: options.identity?.name ?? DEFAULT_IDENTITY.name,
      version: options.identity?.version ?? DEFAULT_IDENTITY.version,
    });
    this.#http = createServer((req, res) => {
      this.#onHttp(req, res).catch((err: unknown) => {
        this.#log.error({ err }, 'http request failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: this.#maxBodyBytes });
    this.#http.on('upgrade', (req, socket: Socket, head) => {
      if (this.#closing) {
        socket.destroy();
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onSocket(ws, req));
    });
    node.on('block', this.#onBlock);
  }

  /** Serves `node` on host:port; resolves once listening. */
  static async listen(node: ChainNode, options: RpcServerOptions = {}): Promise<RpcServer> {
    const server = new RpcServer(node, options);
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.#http.once('error', reject);
      server.#http.listen(options.port ?? DEFAULT_RPC_PORT, host, () => {
        server.#http.off('error', reject);
        server.#address = server.#http.address() as AddressInfo;
        resolve();
      });
    }).catch((err: unknown) => {
      node.off('block', server.#onBlock);
      throw err;
    });
    server.#log.info({ host, port: server.port, ws: server.url, http: server.httpUrl }, 'rpc listening');
    return server;
  }

  get port(): number {
    return this.#address!.port;
  }

  get host(): string {
    const { address, family } = this.#address!;
    return family === 'IPv6' ? `[${address}]` : address;
  }

  /** `ws://host:port`, the endpoint for clients. */
  get url(): string {
    return `ws://${this.host}:${this.port}`;
  }

  get httpUrl(): string {
    return `http://${this.host}:${this.port}`;
  }

  /**
   * Stops accepting connections, closes every WebSocket (1001, going away) and HTTP connection.
   * The node keeps running: stop it after this (it finishes the block in progress). Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#node.off('block', this.#onBlock);
      const closed = new Promise<void>((resolve) => this.#http.close(() => resolve()));
      for (const ws of this.#sockets.keys()) ws.close(1001, 'node shutting down');
      this.#sockets.clear();
      this.#http.closeIdleConnections();
      // Give in-flight HTTP answers a moment, then cut what is left (e.g. a long submitAndWait).
      const cut = setTimeout(() => {
        this.#http.closeAllConnections();
        for (const ws of this.#wss.clients) ws.terminate();
      }, 1000);
      await closed;
      clearTimeout(cut);
      await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
      this.#log.info({ port: this.port }, 'rpc closed');
    })();
    return this.#closing;
  }

  async #onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      reply(405, errorResponse(null, new RpcError(RPC_ERRORS.InvalidRequest, 'JSON-RPC is served by POST')));
      return;
    }
    const body = await this.#readBody(req);
    if (body === undefined) {
      const error = new RpcError(
        RPC_ERRORS.InvalidRequest,
        `request body exceeds ${this.#maxBodyBytes} bytes; send smaller requests or batches`,
      );
      res.setHeader('connection', 'close');
      reply(413, errorResponse(null, error));
      return;
    }
    const answer = await this.#handle(body, undefined);
    if (answer === undefined) reply(204);
    else reply(200, answer);
  }

  /** The body as text, or undefined once it passes the limit (the rest is not read). */
  #readBody(req: IncomingMessage): Promise<string | undefined> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.#maxBodyBytes) {
      req.resume();
      return Promise.resolve(undefined);
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.#maxBodyBytes) {
          req.removeAllListeners('data');
          req.resume();
          resolve(undefined);
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  #onSocket(ws: WebSocket, req: IncomingMessage): void {
    const subscriptions: Subscriptions = new Map();
    const connection: Connection = { ws, subscriptions, watches: new Set() };
    this.#sockets.set(ws, subscriptions);
    const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    this.#log.debug({ peer }, 'ws connected');
    ws.on('message', (data: RawData) => {
      this.#handle(rawText(data), connection)
        .then((answer) => {
          if (answer !== undefined && ws.readyState === ws.OPEN) ws.send(JSON.stringify(answer));
        })
        .catch((err: unknown) => this.#log.error({ err, peer }, 'ws message failed'));
    });
    ws.on('close', (code) => {
      this.#sockets.delete(ws);
      this.#log.debug({ peer, code, subscriptions: subscriptions.size }, 'ws closed');
    });
    ws.on('error', (err) => this.#log.debug({ peer, err: err.message }, 'ws error'));
  }

  /** Answers one message: a request, a batch, or garbage. Undefined when nothing is owed (notifications). */
  async #handle(text: string, conn: Connection | undefined): Promise<Response | Response[] | undefined> {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return errorResponse(null, new RpcError(RPC_ERRORS.ParseError, 'Parse error: the body is not JSON'));
    }
    if (!Array.isArray(message)) return this.#request(message, conn);
    if (message.length === 0) {
      return errorResponse(null, new RpcError(RPC_ERRORS.InvalidRequest, 'Invalid request: empty batch'));
    }
    if (message.length > MAX_BATCH) {
      return errorResponse(
        null,
        new RpcError(
          RPC_ERRORS.InvalidRequest,
          `Invalid request: a batch holds at most ${MAX_BATCH} requests`,
        ),
      );
    }
    const answers = await Promise.all(message.map((m) => this.#request(m, conn)));
    const owed = answers.filter((a): a is Response => a !== undefined);
    return owed.length > 0 ? owed : undefined;
  }

  async #request(message: unknown, conn: Connection | undefined): Promise<Response | undefined> {
    const started = performance.now();
    const request = parseRequest(message);
    if (request instanceof RpcError) return errorResponse(idOf(message), request);
    const { id, method, params } = request;
    let response: Response;
    try {
      const result = await this.#dispatch(method, params, conn);
      response = { jsonrpc: '2.0', id: id ?? null, result: result === undefined ? null : result };
    } catch (err) {
      const error = rpcErrorOf(err);
      if (!error) this.#log.error({ err, method }, 'rpc method failed');
      response = errorResponse(id ?? null, error ?? new RpcError(RPC_ERRORS.InternalError, 'Internal error'));
    }
    this.#log.debug(
      {
        method,
        id,
        transport: conn ? 'ws' : 'http',
        ...(response.error ? { error: response.error.code, reason: response.error.message } : {}),
        ms: Number((performance.now() - started).toFixed(1)),
      },
      'rpc call',
    );
    // A request without an id is a notification: it gets no answer.
    return id === undefined ? undefined : response;
  }

  async #dispatch(method: string, params: unknown, conn: Connection | undefined): Promise<unknown> {
    if (method === 'author_submitAndWatchExtrinsic')
      return this.#submitAndWatch(positional(params, ['extrinsic']), conn);
    if (method === 'author_unwatchExtrinsic') {
      const [id] = positional(params, ['subscription']);
      return typeof id === 'string' && (conn?.watches.delete(id) ?? false);
    }
    const subscription = SUBSCRIPTIONS[method];
    if (subscription) return this.#subscribe(method, conn);
    const unsubscribing = Object.values(SUBSCRIPTIONS).some((s) => s.unsubscribe === method);
    if (unsubscribing) {
      const [id] = positional(params, ['subscription']);
      if (typeof id !== 'string')
        throw new RpcError(
          RPC_ERRORS.InvalidParams,
          'Invalid params: subscription must be the id its subscribe call answered',
        );
      return conn?.subscriptions.delete(id) ?? false;
    }
    const entry = Object.hasOwn(this.#methods, method) ? this.#methods[method] : undefined;
    if (!entry) throw new RpcError(RPC_ERRORS.MethodNotFound, `Method not found: ${method}`);
    return entry.call(positional(params, entry.params));
  }

  /**
   * Substrate's transaction watch: pools the extrinsic, answers a subscription id, then sends
   * `author_extrinsicUpdate` with "ready", `{inBlock: hash}` and `{finalized: hash}` (blocks are final
   * at once), or "invalid" (its nonce was taken) or "dropped" (node stopped, or no block for 10 min).
   * The outcome (success or the named failure) is in the block's events, as on Substrate.
   */
  #submitAndWatch([ext]: unknown[], conn: Connection | undefined): string {
    if (!conn) {
      throw new RpcError(
        RPC_ERRORS.SubscriptionNeedsWebSocket,
        'author_submitAndWatchExtrinsic is a subscription: connect over WebSocket (ws://) to use it',
      );
    }
    if (ext === null || typeof ext !== 'object') {
      throw new RpcError(
        RPC_ERRORS.InvalidParams,
        'Invalid params: extrinsic must be a signed extrinsic object',
      );
    }
    const hash = this.#node.submit(ext);
    const id = randomBytes(8).toString('hex');
    const { ws, watches } = conn;
    watches.add(id);
    const update = (result: unknown, last = false) => {
      if (!watches.has(id) || ws.readyState !== ws.OPEN) return;
      if (last) watches.delete(id);
      ws.send(
        JSON.stringify({
          jsonrpc: '2.0',
          method: 'author_extrinsicUpdate',
          params: { subscription: id, result },
        }),
      );
    };
    // After the answer carrying the id has gone out (it is sent once this method returns).
    setImmediate(() => update('ready'));
    this.#node.waitForInclusion(hash, { timeoutMs: MAX_INCLUSION_WAIT_MS }).then(
      (inclusion) =>
        setImmediate(() => {
          update({ inBlock: inclusion.blockHash });
          update({ finalized: inclusion.blockHash }, true);
        }),
      (err: unknown) => {
        const stale = err instanceof ChainError && err.code === 'StaleNonce';
        setImmediate(() => update(stale ? 'invalid' : 'dropped', true));
      },
    );
    return id;
  }

  #subscribe(method: string, conn: Connection | undefined): string {
    if (!conn) {
      throw new RpcError(
        RPC_ERRORS.SubscriptionNeedsWebSocket,
        `${method} is a subscription: connect over WebSocket (ws://) to use it`,
      );
    }
    const id = randomBytes(8).toString('hex');
    conn.subscriptions.set(id, method);
    return id;
  }
}

interface Connection {
  ws: WebSocket;
  subscriptions: Subscriptions;
  /** Ids of the connection's author_submitAndWatchExtrinsic watches still running. */
  watches: Set<string>;
}

interface ParsedRequest {
  id: Id | undefined;
  method: string;
  params: unknown;
}

function parseRequest(message: unknown): ParsedRequest | RpcError {
  const invalid = (why: string) => new RpcError(RPC_ERRORS.InvalidRequest, `Invalid request: ${why}`);
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    return invalid('a request is an object');
  }
  const m = message as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return invalid('"jsonrpc" must be "2.0"');
  if (typeof m.method !== 'string') return invalid('"method" must be a string');
  const id = m.id;
  if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number') {
    return invalid('"id" must be a string, a number or null');
  }
  if (m.params !== undefined && (m.params === null || typeof m.params !== 'object')) {
    return invalid('"params" must be an array or an object');
  }
  return { id: id as Id | undefined, method: m.method, params: m.params };
}

function idOf(message: unknown): Id {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/** Params by position, or read from an object by the method's parameter names. */
function positional(params: unknown, names: readonly string[]): unknown[] {
  if (params === undefined) return [];
  if (Array.isArray(params)) {
    if (params.length > names.length) {
      throw new RpcError(
        RPC_ERRORS.InvalidParams,
        `Invalid params: expected at most ${names.length} (${names.join(', ') || 'none'}), got ${params.length}`,
      );
    }
    return params;
  }
  const byName = params as Record<string, unknown>;
  const unknown = Object.keys(byName).filter((k) => !names.includes(k));
  if (unknown.length > 0) {
    throw new RpcError(
      RPC_ERRORS.InvalidParams,
      `Invalid params: unknown ${unknown.join(', ')}; expected ${names.join(', ') || 'none'}`,
    );
  }
  return names.map((n) => byName[n]);
}

function errorResponse(id: Id, error: RpcError): Response {
  return { jsonrpc: '2.0', id, error: error.toJSON() };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
