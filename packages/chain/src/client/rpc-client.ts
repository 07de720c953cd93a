import { createLogger, type Logger } from '@subnetkit/core';
import WebSocket from 'ws';
import type { Block } from '../block';
import type { ChainEvent } from '../events';
import type { SignedExtrinsic } from '../extrinsic';
import { headOf } from '../node/inclusions';
import type { AccountInfo, NeuronInfo, SubnetInfo } from '../queries';
import { chainErrorOf, type RpcErrorObject } from '../rpc/errors';
import {
  decodeAccount,
  decodeEvent,
  decodeHead,
  decodeInclusion,
  decodeNeuron,
  decodeSubnet,
} from '../rpc/wire';
import type { ChainClient, Head, Inclusion, Unsubscribe } from './chain-client';

/** Why the RPC client could not get an answer (the chain's and node's own refusals stay ChainError/NodeError). */
export type RpcClientErrorCode =
  /** The first connection failed: nothing listens at the endpoint. */
  | 'ConnectionFailed'
  /** The connection dropped while the call was in flight; it may or may not have been applied. */
  | 'ConnectionLost'
  /** No answer within the call timeout. */
  | 'CallTimeout'
  /** The client was closed. */
  | 'ClientClosed'
  /** The server answered with a protocol error (bad params, unknown method …); `rpcCode` holds it. */
  | 'RpcError';

export class RpcClientError extends Error {
  override readonly name = 'RpcClientError';
  constructor(
    readonly code: RpcClientErrorCode,
    message: string,
    /** The JSON-RPC error code, for 'RpcError'. */
    readonly rpcCode?: number,
  ) {
    super(`${code}: ${message}`);
  }
}

export interface RpcChainClientOptions {
  /** A call without an answer within this fails with 'CallTimeout'. Default 30 000 ms. */
  callTimeoutMs?: number;
  /** Reconnection backoff after a lost connection: first delay, doubled up to the max. Default 100 / 5 000 ms. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Default: silent. */
  logger?: Logger;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  method: string;
}

/** A subscription as the caller sees it; its server-side id changes with each connection. */
interface Subscription {
  method: string;
  unsubscribeMethod: string;
  /** Hands one block's notification result (wire JSON) to the caller. */
  onResult: (result: unknown) => void;
  /** The block number a notification result is for. */
  numberOf: (result: unknown) => number;
  /** The notification result for a stored block (wire JSON), to fill a gap. */
  fromBlock: (block: WireBlock) => unknown;
  serverId?: string;
  /** The last block delivered: later notifications must follow it without a gap. */
  last?: number;
  /** Deliveries in order, one after the other (a gap is filled by fetching blocks). */
  queue: Promise<void>;
}

/** A block as `subnetkit_block` answers it: the header has no bigint, the events are still wire JSON. */
interface WireBlock extends Pick<Block, 'hash' | 'header'> {
  events: unknown[];
}

/** Most missed blocks a subscription fills in after a reconnection; a longer outage skips ahead. */
const MAX_GAP = 1000;

/**
 * A ChainClient over a node's JSON-RPC WebSocket (ws://host:9944). Behaves like the in-process
 * client: same results (bigint decoded back), ChainError/NodeError rethrown with the node's code.
 * After a node restart it reconnects with backoff and resubscribes; calls in flight when the
 * connection drops fail with 'ConnectionLost', and calls made while it is down wait for the
 * reconnection up to their timeout.
 */
export class RpcChainClient implements ChainClient {
  readonly url: string;
  readonly #options: Required<Omit<RpcChainClientOptions, 'logger'>>;
  readonly #log: Logger;
  readonly #pending = new Map<number, Pending>();
  readonly #subscriptions = new Set<Subscription>();
  readonly #byServerId = new Map<string, Subscription>();
  #ws: WebSocket | undefined;
  #connected: Promise<void> | undefined;
  #nextId = 1;
  #closed = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #genesisHash: string | undefined;
  /** Ends the wait of calls made while reconnecting (on close). */
  #wake: (() => void) | undefined;

  private constructor(url: string, options: RpcChainClientOptions) {
    this.url = url;
    this.#options = {
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
      reconnectDelayMs: options.reconnectDelayMs ?? 100,
      maxReconnectDelayMs: options.maxReconnectDelayMs ?? 5_000,
    };
    this.#log = (options.logger ?? createLogger({ level: 'silent' })).child({ component: 'rpc-client', url });
  }

  /** Connects to `url` (ws:// or wss://); rejects with 'ConnectionFailed' if nothing answers there. */
  static async connect(url: string, options: RpcChainClientOptions = {}): Promise<RpcChainClient> {
    const client = new RpcChainClient(url, options);
    client.#connected = client.#open();
    await client.#connected;
    return client;
  }

  /** True while a connection is up. */
  get connected(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  #open(): Promise<void> {
    const ws = new WebSocket(this.url, { maxPayload: 64 * 1024 * 1024 });
    this.#ws = ws;
    const opened = new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', (err) =>
        reject(
          new RpcClientError(
            'ConnectionFailed',
            `cannot reach the chain node at ${this.url} (${err.message}); is subnetkit-node running there?`,
          ),
        ),
      );
    });
    ws.on('message', (data) => this.#onMessage(String(data)));
    ws.on('error', (err) => this.#log.debug({ err: err.message }, 'socket error'));
    let wasOpen = false;
    ws.once('open', () => {
      wasOpen = true;
    });
    // A socket that never opened is the caller's failure to handle (connect, or the reconnect loop).
    ws.on('close', () => {
      if (wasOpen) this.#onClose(ws);
    });
    // Not `#connected`: while reconnecting, calls wait for the whole backoff loop, not one attempt.
    opened.catch(() => {});
    return opened;
  }

  #onClose(ws: WebSocket): void {
    if (this.#ws !== ws) return;
    this.#ws = undefined;
    const lost = new RpcClientError(
      this.#closed ? 'ClientClosed' : 'ConnectionLost',
      this.#closed
        ? 'this chain client is closed'
        : `the connection to ${this.url} dropped before the answer came; check the node, then retry`,
    );
    this.#failPending(lost);
    this.#byServerId.clear();
    for (const s of this.#subscriptions) s.serverId = undefined;
    if (this.#closed) return;
    this.#log.warn('connection lost; reconnecting');
    this.#connected = new Promise<void>((resolve) => {
      this.#wake = resolve;
      this.#reconnect(this.#options.reconnectDelayMs, resolve);
    });
  }

  #reconnect(delay: number, done: () => void): void {
    this.#reconnectTimer = setTimeout(() => {
      if (this.#closed) return done();
      this.#open().then(
        async () => {
          this.#log.info('reconnected');
          done();
          await this.#resubscribe();
        },
        () => this.#reconnect(Math.min(delay * 2, this.#options.maxReconnectDelayMs), done),
      );
    }, delay);
    this.#reconnectTimer.unref();
  }

  async #resubscribe(): Promise<void> {
    for (const s of this.#subscriptions) {
      try {
        await this.#subscribeOnServer(s);
        s.queue = s.queue.then(() => this.#catchUp(s));
      } catch (err) {
        this.#log.warn({ method: s.method, err: (err as Error).message }, 'resubscribe failed');
      }
    }
  }

  #failPending(error: Error): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      this.#pending.delete(id);
      p.reject(error);
    }
  }

  #onMessage(text: string): void {
    let message: {
      id?: number;
      result?: unknown;
      error?: RpcErrorObject;
      method?: string;
      params?: { subscription?: string; result?: unknown };
    };
    try {
      message = JSON.parse(text);
    } catch {
      this.#log.warn('the node sent a message that is not JSON; ignored');
      return;
    }
    if (message.method && message.params?.subscription) {
      const s = this.#byServerId.get(message.params.subscription);
      const result = message.params.result;
      if (s) s.queue = s.queue.then(() => this.#deliver(s, result));
      return;
    }
    const pending = typeof message.id === 'number' ? this.#pending.get(message.id) : undefined;
    if (!pending) return;
    this.#pending.delete(message.id!);
    clearTimeout(pending.timer);
    if (message.error) pending.reject(errorFrom(message.error, pending.method));
    else pending.resolve(message.result);
  }

  /**
   * One JSON-RPC call. `timeoutMs` (default the call timeout; null: none) counts from now, so it
   * covers waiting for a reconnection too.
   */
  async call(
    method: string,
    params: unknown[] = [],
    timeoutMs: number | null = this.#options.callTimeoutMs,
  ): Promise<unknown> {
    if (this.#closed) throw new RpcClientError('ClientClosed', 'this chain client is closed');
    const deadline = timeoutMs === null ? undefined : Date.now() + timeoutMs;
    const timedOut = () =>
      new RpcClientError('CallTimeout', `${method}: no answer from ${this.url} within ${timeoutMs} ms`);
    if (!this.connected) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<never>((_, reject) => {
        if (deadline !== undefined) timer = setTimeout(() => reject(timedOut()), deadline - Date.now());
      });
      try {
        await Promise.race([this.#connected, waited]);
      } finally {
        clearTimeout(timer);
      }
      if (this.#closed) throw new RpcClientError('ClientClosed', 'this chain client is closed');
    }
    const ws = this.#ws!;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const pending: Pending = { resolve, reject, method };
      if (deadline !== undefined) {
        pending.timer = setTimeout(
          () => {
            this.#pending.delete(id);
            reject(timedOut());
          },
          Math.max(0, deadline - Date.now()),
        );
      }
      this.#pending.set(id, pending);
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }), (err) => {
        if (!err || !this.#pending.has(id)) return;
        this.#pending.delete(id);
        clearTimeout(pending.timer);
        reject(
          new RpcClientError('ConnectionLost', `${method}: could not send to ${this.url} (${err.message})`),
        );
      });
    });
  }

  async #subscribeOnServer(s: Subscription): Promise<void> {
    const id = (await this.call(s.method)) as string;
    s.serverId = id;
    this.#byServerId.set(id, s);
  }

  /**
   * Delivers one notification in order. Blocks missed while the connection was down (or skipped by
   * a slow server) are fetched and delivered first, so a subscriber sees every block once, in order.
   */
  async #deliver(s: Subscription, result: unknown): Promise<void> {
    const number = s.numberOf(result);
    if (s.last !== undefined && number <= s.last) return;
    await this.#fillTo(s, number);
    this.#hand(s, result, number);
  }

  /** After a reconnection: delivers the blocks made while the connection was down, up to the head. */
  async #catchUp(s: Subscription): Promise<void> {
    if (s.last === undefined) return;
    try {
      const head = decodeHead(await this.call('chain_getHeader'));
      await this.#fillTo(s, head.number + 1);
    } catch (err) {
      this.#log.warn(
        { method: s.method, err: (err as Error).message },
        'could not catch up after reconnecting',
      );
    }
  }

  /** Fetches and delivers the blocks after the last delivered one and before `number`. */
  async #fillTo(s: Subscription, number: number): Promise<void> {
    if (s.last === undefined || number <= s.last + 1) return;
    if (number - s.last - 1 > MAX_GAP) {
      this.#log.warn(
        { method: s.method, from: s.last + 1, to: number - 1 },
        'too many missed blocks; skipping ahead',
      );
      return;
    }
    for (let n = s.last + 1; n < number && this.#subscriptions.has(s); n++) {
      try {
        const block = (await this.call('subnetkit_block', [n])) as WireBlock | null;
        if (block) this.#hand(s, s.fromBlock(block), n);
      } catch (err) {
        this.#log.warn(
          { method: s.method, block: n, err: (err as Error).message },
          'could not fetch a missed block',
        );
        return;
      }
    }
  }

  #hand(s: Subscription, result: unknown, number: number): void {
    if (!this.#subscriptions.has(s)) return;
    s.last = number;
    try {
      s.onResult(result);
    } catch (err) {
      this.#log.error({ method: s.method, err }, 'subscriber callback threw');
    }
  }

  async #subscribe(
    spec: Pick<Subscription, 'method' | 'unsubscribeMethod' | 'onResult' | 'numberOf' | 'fromBlock'>,
  ): Promise<Unsubscribe> {
    const s: Subscription = { ...spec, queue: Promise.resolve() };
    // Registered before the answer: the first notification may arrive in the same read as it.
    this.#subscriptions.add(s);
    try {
      await this.#subscribeOnServer(s);
    } catch (err) {
      this.#subscriptions.delete(s);
      throw err;
    }
    return async () => {
      this.#subscriptions.delete(s);
      if (!s.serverId) return;
      this.#byServerId.delete(s.serverId);
      if (this.connected) await this.call(s.unsubscribeMethod, [s.serverId]).catch(() => false);
    };
  }

  async genesisHash(): Promise<string> {
    this.#genesisHash ??= (await this.call('subnetkit_genesisHash')) as string;
    if (this.#closed) throw new RpcClientError('ClientClosed', 'this chain client is closed');
    return this.#genesisHash;
  }

  async head(): Promise<Head> {
    return decodeHead(await this.call('chain_getHeader'));
  }

  subscribeHeads(onHead: (head: Head) => void): Promise<Unsubscribe> {
    return this.#subscribe({
      method: 'chain_subscribeNewHeads',
      unsubscribeMethod: 'chain_unsubscribeNewHeads',
      onResult: (r) => onHead(decodeHead(r)),
      numberOf: (r) => (r as Head).number,
      fromBlock: headOf,
    });
  }

  subscribeEvents(onEvents: (block: Head, events: ChainEvent[]) => void): Promise<Unsubscribe> {
    return this.#subscribe({
      method: 'subnetkit_subscribeEvents',
      unsubscribeMethod: 'subnetkit_unsubscribeEvents',
      onResult: (r) => {
        const { header, events } = r as { header: unknown; events: unknown[] };
        onEvents(decodeHead(header), events.map(decodeEvent));
      },
      numberOf: (r) => (r as { header: Head }).header.number,
      fromBlock: (b) => ({ header: headOf(b), events: b.events }),
    });
  }

  async account(address: string): Promise<AccountInfo> {
    return decodeAccount(await this.call('subnetkit_account', [address]));
  }

  async nextNonce(address: string): Promise<number> {
    return (await this.call('system_accountNextIndex', [address])) as number;
  }

  async subnets(): Promise<SubnetInfo[]> {
    return ((await this.call('subnetkit_subnets')) as unknown[]).map(decodeSubnet);
  }

  async subnet(netuid: number): Promise<SubnetInfo | null> {
    const wire = await this.call('subnetkit_subnet', [netuid]);
    return wire === null ? null : decodeSubnet(wire);
  }

  async neurons(netuid: number, options: { lite?: boolean } = {}): Promise<NeuronInfo[] | null> {
    const wire = (await this.call('subnetkit_neurons', [netuid, options.lite ?? true])) as unknown[] | null;
    return wire === null ? null : wire.map(decodeNeuron);
  }

  async submit(extrinsic: SignedExtrinsic): Promise<string> {
    return (await this.call('author_submitExtrinsic', [extrinsic])) as string;
  }

  async submitAndWait(extrinsic: SignedExtrinsic, options: { timeoutMs?: number } = {}): Promise<Inclusion> {
    const { timeoutMs } = options;
    // The node enforces the inclusion timeout (NodeError 'InclusionTimeout'); the call's own
    // timeout only catches a node that stopped answering.
    const params = timeoutMs === undefined ? [extrinsic] : [extrinsic, timeoutMs];
    const callTimeout = timeoutMs === undefined ? null : timeoutMs + this.#options.callTimeoutMs;
    return decodeInclusion(await this.call('subnetkit_submitAndWait', params, callTimeout));
  }

  /** Closes the connection; calls in flight and later fail with 'ClientClosed'. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    this.#wake?.();
    this.#subscriptions.clear();
    const ws = this.#ws;
    this.#failPending(new RpcClientError('ClientClosed', 'this chain client is closed'));
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close(1000, 'client closed');
      setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1000).unref();
    });
  }
}

function errorFrom(error: RpcErrorObject, method: string): Error {
  return chainErrorOf(error) ?? new RpcClientError('RpcError', `${method}: ${error.message}`, error.code);
}
