import type { Block } from '../block';
import type { Head, Inclusion } from '../client/chain-client';
import type { ChainEvent } from '../events';
import { type Hyperparameters, isRaoHyperparameter } from '../hyperparameters';
import type { AccountInfo, NeuronInfo, SubnetInfo } from '../queries';

/**
 * The RPC's JSON: rao amounts (and every other bigint) travel as decimal strings, the way calls
 * already do (calls.ts), so the JSON stays plain for curl and other languages. The server encodes
 * generically; the client decodes each result type back to bigint field by field, so the RPC client
 * returns exactly what the in-process one does.
 */
export function toWire(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toWire);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toWire(v)]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

type Json = Record<string, unknown>;

/** A decimal string (or a safe integer) back to bigint; anything else is a protocol error. */
export function rao(value: unknown): bigint {
  if (typeof value === 'string' && /^-?[0-9]+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new TypeError(`expected a decimal string of rao, got ${JSON.stringify(value)}`);
}

export function decodeAccount(wire: unknown): AccountInfo {
  const w = wire as Json;
  return { ...(w as unknown as AccountInfo), free: rao(w.free), staked: rao(w.staked) };
}

export function decodeHyperparameters(wire: unknown): Hyperparameters {
  const out: Json = {};
  for (const [name, value] of Object.entries(wire as Json)) {
    out[name] = isRaoHyperparameter(name) ? rao(value) : value;
  }
  return out as unknown as Hyperparameters;
}

export function decodeSubnet(wire: unknown): SubnetInfo {
  const w = wire as Json;
  return {
    ...(w as unknown as SubnetInfo),
    burn: rao(w.burn),
    pending_emission: rao(w.pending_emission),
    pending_owner_cut: rao(w.pending_owner_cut),
    hyperparameters: decodeHyperparameters(w.hyperparameters),
  };
}

export function decodeNeuron(wire: unknown): NeuronInfo {
  const w = wire as Json;
  return { ...(w as unknown as NeuronInfo), stake: rao(w.stake), emission: rao(w.emission) };
}

/** Which fields of each event are rao (bigint in the chain). */
const RAO_FIELDS: { [T in ChainEvent['type']]?: readonly string[] } = {
  Transfer: ['amount'],
  NetworkRegistered: ['lockCost'],
  NeuronRegistered: ['burn'],
  StakeAdded: ['amount'],
  StakeRemoved: ['amount'],
  Coinbase: ['minted', 'blockEmission'],
  EpochRun: ['emission', 'incentivePaid', 'dividendsPaid', 'ownerPaid', 'recycled'],
  BurnAdjusted: ['burn'],
};

export function decodeEvent(wire: unknown): ChainEvent {
  const event = { ...(wire as Json) };
  const type = event.type as ChainEvent['type'];
  for (const field of RAO_FIELDS[type] ?? []) event[field] = rao(event[field]);
  if (type === 'HyperparameterSet' && isRaoHyperparameter(event.name as string)) {
    event.value = rao(event.value);
  }
  return event as ChainEvent;
}

export function decodeHead(wire: unknown): Head {
  return { ...(wire as Head) };
}

export function decodeInclusion(wire: unknown): Inclusion {
  const w = wire as Inclusion;
  return { ...w, events: w.events.map(decodeEvent) };
}

export function decodeBlock(wire: unknown): Block {
  const w = wire as Block;
  return { ...w, events: w.events.map(decodeEvent) };
}
