import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ChainError } from './errors';
import { isRaoHyperparameter } from './hyperparameters';

/**
 * The chain's calls, one schema per call on the wire. Rao amounts travel as decimal strings
 * (they pass 2^53) and are bigint inside the chain. Names follow Subtensor's extrinsics.
 */
const Address = Type.String({ minLength: 46, maxLength: 48, pattern: '^[1-9A-HJ-NP-Za-km-z]+$' });
const RaoString = Type.String({ pattern: '^[0-9]{1,30}$' });
const Netuid = Type.Integer({ minimum: 0, maximum: 65535 });
const U16 = Type.Integer({ minimum: 0, maximum: 65535 });

function call<N extends string, P extends Record<string, TSchema>>(name: N, props: P) {
  return Type.Object({ call: Type.Literal(name), ...props }, { additionalProperties: false });
}

export const CallSchemas = {
  transfer: call('transfer', { dest: Address, amount: RaoString }),
  register_network: call('register_network', { hotkey: Address, netuid: Type.Optional(Netuid) }),
  burned_register: call('burned_register', { netuid: Netuid, hotkey: Address }),
  add_stake: call('add_stake', { hotkey: Address, amount: RaoString }),
  remove_stake: call('remove_stake', { hotkey: Address, amount: RaoString }),
  set_weights: call('set_weights', {
    netuid: Netuid,
    uids: Type.Array(U16, { maxItems: 65535 }),
    weights: Type.Array(U16, { maxItems: 65535 }),
    version_key: Type.Integer({ minimum: 0 }),
  }),
  serve_axon: call('serve_axon', {
    netuid: Netuid,
    version: Type.Integer({ minimum: 0 }),
    ip: Type.String({ maxLength: 64 }),
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    ip_type: Type.Integer(),
    protocol: Type.Integer({ minimum: 0, maximum: 255 }),
  }),
  set_hyperparameter: call('set_hyperparameter', {
    netuid: Netuid,
    name: Type.String({ maxLength: 64 }),
    value: Type.Union([Type.Integer(), Type.Boolean(), RaoString]),
  }),
  set_take: call('set_take', { hotkey: Address, take: U16 }),
  root_register: call('root_register', { hotkey: Address }),
  set_root_weights: call('set_root_weights', {
    netuids: Type.Array(Netuid, { maxItems: 4096 }),
    weights: Type.Array(U16, { maxItems: 4096 }),
  }),
};

export const WireCallSchema = Type.Union(Object.values(CallSchemas));
export type WireCall = Static<typeof WireCallSchema>;
export type CallName = WireCall['call'];

type WithRao<T, K extends string> = Omit<T, K> & { [P in K]: bigint };
type Wire<N extends CallName> = Static<(typeof CallSchemas)[N]>;

/** A call as the ledger sees it: rao amounts as bigint. */
export type Call =
  | WithRao<Wire<'transfer'>, 'amount'>
  | Wire<'register_network'>
  | Wire<'burned_register'>
  | WithRao<Wire<'add_stake'>, 'amount'>
  | WithRao<Wire<'remove_stake'>, 'amount'>
  | Wire<'set_weights'>
  | Wire<'serve_axon'>
  | (Omit<Wire<'set_hyperparameter'>, 'value'> & { value: number | boolean | bigint })
  | Wire<'set_take'>
  | Wire<'root_register'>
  | Wire<'set_root_weights'>;

export type CallOf<N extends CallName> = Extract<Call, { call: N }>;

/** Validates a wire call and converts it for the ledger; a bad call is `InvalidCall` naming the field. */
export function decodeCall(wire: unknown): Call {
  const name = (wire as { call?: unknown } | null)?.call;
  const schema = typeof name === 'string' ? CallSchemas[name as CallName] : undefined;
  if (!schema) {
    throw new ChainError(
      'InvalidCall',
      `unknown call ${JSON.stringify(name)}; known: ${Object.keys(CallSchemas).join(', ')}`,
    );
  }
  if (!Value.Check(schema, wire)) {
    const first = [...Value.Errors(schema, wire)][0];
    throw new ChainError(
      'InvalidCall',
      `${name}: ${first?.path || '(call)'} ${first?.message ?? 'is invalid'}`,
    );
  }
  const w = wire as WireCall;
  switch (w.call) {
    case 'transfer':
    case 'add_stake':
    case 'remove_stake':
      return { ...w, amount: BigInt(w.amount) };
    case 'set_hyperparameter': {
      const takesRao = isRaoHyperparameter(w.name);
      if (takesRao && typeof w.value === 'number' && Number.isSafeInteger(w.value)) {
        return { ...w, value: BigInt(w.value) };
      }
      if (typeof w.value !== 'string') return { ...w, value: w.value };
      if (!takesRao)
        throw new ChainError(
          'InvalidCall',
          `set_hyperparameter: ${w.name} takes a number or boolean, not a string`,
        );
      return { ...w, value: BigInt(w.value) };
    }
    default:
      return w;
  }
}

/** The wire form of a call (bigint → decimal string). */
export function encodeCall(call: Call): WireCall {
  switch (call.call) {
    case 'transfer':
    case 'add_stake':
    case 'remove_stake':
      return { ...call, amount: call.amount.toString() };
    case 'set_hyperparameter':
      return { ...call, value: typeof call.value === 'bigint' ? call.value.toString() : call.value };
    default:
      return call;
  }
}
