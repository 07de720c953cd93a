import type { Block } from '../block';
import type { Head } from '../client/chain-client';
import type { ChainEvent } from '../events';
import type { ChainNode } from '../node/chain-node';
import { headOf } from '../node/inclusions';
import { invalidParams } from './errors';
import { toWire } from './wire';

/**
 * The node's JSON-RPC methods, independent of the transport: HTTP and WebSocket share this table
 * (server.ts). Substrate's names where Substrate has the method, `subnetkit_*` for the rest.
 * Results are wire JSON (bigint as decimal strings, see wire.ts).
 */
export interface RpcMethod {
  /** Parameter names, in position order; a params object is read by these names. */
  params: readonly string[];
  call(args: readonly unknown[]): unknown;
}

/** A subscription (WebSocket only): `<method>` answers an id, notifications carry `notification`. */
export interface RpcSubscription {
  notification: string;
  unsubscribe: string;
  /** The notification's result for a committed block. */
  result(notice: { block: Block; header: Head }): unknown;
}

export interface NodeIdentity {
  /** `system_chain`. */
  chain: string;
  /** `system_name`. */
  name: string;
  /** `system_version`. */
  version: string;
}

export const DEFAULT_IDENTITY: NodeIdentity = {
  chain: 'subnetkit',
  name: 'subnetkit-node',
  version: '0.1.0',
};

/** Longest wait `subnetkit_submitAndWait` accepts, so a request cannot hold a connection forever. */
export const MAX_INCLUSION_WAIT_MS = 10 * 60_000;

export const SUBSCRIPTIONS: Record<string, RpcSubscription> = {
  chain_subscribeNewHeads: {
    notification: 'chain_newHead',
    unsubscribe: 'chain_unsubscribeNewHeads',
    result: ({ header }) => header,
  },
  subnetkit_subscribeEvents: {
    notification: 'subnetkit_events',
    unsubscribe: 'subnetkit_unsubscribeEvents',
    result: ({ header, block }) => ({ header, events: toWire(block.events) as ChainEvent[] }),
  },
};

export function chainMethods(
  node: ChainNode,
  identity: NodeIdentity = DEFAULT_IDENTITY,
): Record<string, RpcMethod> {
  const method = (params: readonly string[], call: RpcMethod['call']): RpcMethod => ({ params, call });
  const nextNonce = method(['address'], ([address]) => node.nextNonce(addressParam(address, 'address')));

  return {
    system_health: method([], () => ({ peers: 0, isSyncing: false, shouldHavePeers: false })),
    system_chain: method([], () => identity.chain),
    system_name: method([], () => identity.name),
    system_version: method([], () => identity.version),
    system_properties: method([], () => ({ ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' })),
    system_accountNextIndex: nextNonce,

    chain_getHeader: method(['hash'], ([hash]) => {
      const at = optional(hash, hashParam, 'hash');
      // The head's header is in memory: no need to read and decode the whole block from the store.
      if (at === undefined) return node.head();
      const block = node.block(at);
      return block ? headOf(block) : null;
    }),
    chain_getBlockHash: method(['number'], ([number]) => {
      const n = optional(number, blockNumberParam, 'number');
      return n === undefined ? node.head().hash : (node.block(n)?.hash ?? null);
    }),
    chain_getBlock: method(['hash'], ([hash]) => {
      const at = optional(hash, hashParam, 'hash');
      const block = node.block(at ?? node.head().number);
      return block ? { block: { header: headOf(block), extrinsics: block.extrinsics } } : null;
    }),
    chain_getFinalizedHead: method([], () => node.head().hash),

    author_submitExtrinsic: method(['extrinsic'], ([ext]) => node.submit(extrinsicParam(ext))),

    subnetkit_submitAndWait: method(['extrinsic', 'timeoutMs'], async ([ext, timeoutMs]) => {
      const wait = optional(timeoutMs, timeoutParam, 'timeoutMs');
      return toWire(
        await node.submitAndWait(extrinsicParam(ext), { timeoutMs: wait ?? MAX_INCLUSION_WAIT_MS }),
      );
    }),
    subnetkit_genesisHash: method([], () => node.genesisHash),
    subnetkit_nextNonce: nextNonce,
    subnetkit_account: method(['address'], ([address]) =>
      toWire(node.accountInfo(addressParam(address, 'address'))),
    ),
    subnetkit_subnets: method([], () => toWire(node.listSubnets())),
    subnetkit_subnet: method(['netuid'], ([netuid]) => toWire(node.subnetInfo(netuidParam(netuid)))),
    subnetkit_neurons: method(['netuid', 'lite'], ([netuid, lite]) => {
      const isLite = optional(lite, booleanParam, 'lite') ?? true;
      return toWire(node.neurons(netuidParam(netuid), { lite: isLite }));
    }),
    subnetkit_stakes: method(['hotkey'], ([hotkey]) => toWire(node.stakesOf(addressParam(hotkey, 'hotkey')))),
    subnetkit_chainInfo: method([], () => toWire(node.chainInfo())),
    subnetkit_block: method(['numberOrHash'], ([at]) => {
      if (typeof at === 'string') return toWire(node.block(hashParam(at, 'numberOrHash')));
      return toWire(node.block(blockNumberParam(at, 'numberOrHash')));
    }),
  };
}

// Parameter checks: each names the parameter and what it expected (-32602 with the reason).

function optional<T>(
  value: unknown,
  check: (value: unknown, name: string) => T,
  name: string,
): T | undefined {
  return value === undefined || value === null ? undefined : check(value, name);
}

function blockNumberParam(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidParams(`${name} must be a block number (an integer ≥ 0), got ${JSON.stringify(value)}`);
  }
  return value;
}

function hashParam(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^0x[0-9a-f]{64}$/.test(value)) {
    throw invalidParams(`${name} must be a 0x-prefixed 32-byte hex hash, got ${JSON.stringify(value)}`);
  }
  return value;
}

function netuidParam(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw invalidParams(`netuid must be an integer from 0 to 65535, got ${JSON.stringify(value)}`);
  }
  return value;
}

function addressParam(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^[1-9A-HJ-NP-Za-km-z]{46,48}$/.test(value)) {
    throw invalidParams(`${name} must be an SS58 address, got ${JSON.stringify(value)}`);
  }
  return value;
}

function booleanParam(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw invalidParams(`${name} must be true or false`);
  return value;
}

function timeoutParam(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_INCLUSION_WAIT_MS) {
    throw invalidParams(`${name} must be whole milliseconds from 1 to ${MAX_INCLUSION_WAIT_MS}`);
  }
  return value;
}

/** Only the envelope is checked here; the node verifies the call and signature (ChainError InvalidCall …). */
function extrinsicParam(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParams('extrinsic must be a signed extrinsic object {call, signer, nonce, signature}');
  }
  return value;
}
