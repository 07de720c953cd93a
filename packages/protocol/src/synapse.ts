/**
 * A synapse is one request/response type of a subnet, defined once and shared by its miner and
 * validator (reference/bittensor-sdk.md §1.2). Where Python subclasses `bt.Synapse` with fields,
 * here a definition names its route, request fields (what the validator sends), response fields
 * (what the miner fills in), hash fields and default timeout, each field a TypeBox schema from
 * which the TS types are derived, so validation and types never drift apart.
 *
 * ```ts
 * const Dummy = defineSynapse({
 *   name: 'Dummy',
 *   request: { dummy_input: Type.Integer() },
 *   response: { dummy_output: Type.Integer() },
 *   hashFields: ['dummy_input'],
 * });
 * ```
 */
import { KindGuard, type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { computeBodyHash, type HashField } from './body-hash';
import { ProtocolError } from './errors';
import { assertPythonPrintable } from './python-str';

/** Python's `Synapse.timeout` default, seconds. */
export const DEFAULT_SYNAPSE_TIMEOUT = 12;

/** The base `Synapse` fields every body carries; a definition may not reuse these names. */
export const ENVELOPE_FIELDS = [
  'name',
  'timeout',
  'total_size',
  'header_size',
  'dendrite',
  'axon',
  'computed_body_hash',
] as const;

const ROUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED: ReadonlySet<string> = new Set([...ENVELOPE_FIELDS, 'required_hash_fields']);

export interface SynapseSpec<N extends string, Req extends TProperties, Res extends TProperties> {
  /** The route (`/Dummy`): Python's class name, so a Python peer's synapse of that name matches. */
  name: N;
  /** Fields the caller sends. Non-optional ones are Python's required fields. */
  request: Req;
  /** Fields the axon fills in; sent as `null` by Python callers, absent or null when not set. */
  response?: Res;
  /** Request fields covered by the body hash, in order (Python's `required_hash_fields`). */
  hashFields?: readonly (keyof Req & string)[];
  /** Default call timeout, seconds (12). */
  timeout?: number;
  /** Largest request body the axon reads for this synapse, bytes (default: the axon's limit). */
  maxBodyBytes?: number;
}

export type StreamingSynapseSpec<N extends string, Req extends TProperties> = Omit<
  SynapseSpec<N, Req, TProperties>,
  'response'
>;

interface SynapseBase<N extends string, Req extends TProperties> {
  readonly name: N;
  readonly request: TObject<Req>;
  readonly hashFields: readonly HashField[];
  /** Request fields without a default: they get `bt_header_input_obj_*` headers. */
  readonly requiredFields: readonly string[];
  readonly timeout: number;
  readonly maxBodyBytes: number | undefined;
  /** The first problem of a request body (`/dummy_input: Expected integer`), or undefined. */
  checkRequest(value: unknown): string | undefined;
  /** The body hash of a request with these field values. */
  bodyHash(values: Readonly<Record<string, unknown>>): string;
}

/** A request answered by one JSON response. */
export interface UnarySynapse<N extends string, Req extends TProperties, Res extends TProperties>
  extends SynapseBase<N, Req> {
  readonly kind: 'unary';
  readonly response: TObject<Res>;
  /** The first problem of a response's fields (nulls already removed), or undefined. */
  checkResponse(value: unknown): string | undefined;
}

/** A request answered by a stream of chunks (`text/event-stream`), as Python's `StreamingSynapse`. */
export interface StreamingSynapse<N extends string, Req extends TProperties> extends SynapseBase<N, Req> {
  readonly kind: 'stream';
}

export type AnyUnarySynapse = UnarySynapse<string, TProperties, TProperties>;
export type AnyStreamingSynapse = StreamingSynapse<string, TProperties>;
export type AnySynapse = AnyUnarySynapse | AnyStreamingSynapse;

/** The request fields' type: what a validator passes and a miner's forward receives. */
export type RequestOf<S extends AnySynapse> = Static<S['request']>;
/** The response fields' type: what a miner's forward returns and a validator gets back. */
export type ResponseOf<S extends AnyUnarySynapse> = Static<S['response']>;

export function defineSynapse<
  const N extends string,
  Req extends TProperties,
  Res extends TProperties = Record<never, never>,
>(spec: SynapseSpec<N, Req, Res>): UnarySynapse<N, Req, Res> {
  const response = Type.Object(spec.response ?? ({} as Res));
  const checker = TypeCompiler.Compile(response);
  assertFieldNames(spec.name, spec.request, response.properties);
  return {
    kind: 'unary',
    ...baseOf(spec),
    response,
    checkResponse: (value) => firstError(checker, value),
  };
}

export function defineStreamingSynapse<const N extends string, Req extends TProperties>(
  spec: StreamingSynapseSpec<N, Req>,
): StreamingSynapse<N, Req> {
  assertFieldNames(spec.name, spec.request, {});
  return { kind: 'stream', ...baseOf(spec) };
}

function baseOf<N extends string, Req extends TProperties>(
  spec: StreamingSynapseSpec<N, Req>,
): Omit<SynapseBase<N, Req>, never> {
  const request = Type.Object(spec.request);
  const checker = TypeCompiler.Compile(request);
  const hashFields = (spec.hashFields ?? []).map((name): HashField => {
    const schema = request.properties[name];
    if (schema === undefined) {
      throw new ProtocolError(
        'InvalidSynapse',
        `Synapse ${spec.name}: hash field ${name} is not a request field.`,
      );
    }
    assertPythonPrintable(schema, `${spec.name}.${name}`);
    return { name, schema };
  });
  const timeout = spec.timeout ?? DEFAULT_SYNAPSE_TIMEOUT;
  if (!(timeout > 0) || !Number.isFinite(timeout)) {
    throw new ProtocolError('InvalidSynapse', `Synapse ${spec.name}: timeout must be a positive number.`);
  }
  return {
    name: spec.name,
    request,
    hashFields,
    requiredFields: Object.entries(spec.request)
      .filter(([, schema]) => !KindGuard.IsOptional(schema))
      .map(([key]) => key),
    timeout,
    maxBodyBytes: spec.maxBodyBytes,
    checkRequest: (value) => firstError(checker, value),
    bodyHash: (values) => computeBodyHash(hashFields, values),
  };
}

function assertFieldNames(name: string, request: TProperties, response: TProperties): void {
  if (!ROUTE_NAME.test(name)) {
    throw new ProtocolError(
      'InvalidSynapse',
      `Synapse name ${JSON.stringify(name)} is not a route name: use letters, digits and _ (a Python class name).`,
    );
  }
  for (const field of [...Object.keys(request), ...Object.keys(response)]) {
    if (RESERVED.has(field)) {
      throw new ProtocolError('InvalidSynapse', `Synapse ${name}: field ${field} is a base Synapse field.`);
    }
  }
  for (const field of Object.keys(response)) {
    if (field in request) {
      throw new ProtocolError(
        'InvalidSynapse',
        `Synapse ${name}: field ${field} is both a request and a response field.`,
      );
    }
  }
}

interface Checker {
  Check(value: unknown): boolean;
  Errors(value: unknown): Iterable<{ path: string; message: string }>;
}

function firstError(checker: Checker, value: unknown): string | undefined {
  if (checker.Check(value)) return undefined;
  for (const error of checker.Errors(value)) return `${error.path || '/'}: ${error.message}`;
  return 'invalid value';
}

/** The no-op synapse every axon serves at `/Synapse`, as the Python axon's `ping`. */
export const Ping = defineSynapse({ name: 'Synapse', request: {} });
