/**
 * Bittensor-style configuration (reference/bittensor-sdk.md §6): components declare dotted
 * options (`wallet.name`, `axon.port`), and `parseConfig` fills them from, highest first,
 * CLI flags > `BT_*` environment variables > a `--config` YAML/JSON file > defaults.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { parse as parseYaml } from 'yaml';

export type OptionType = 'string' | 'integer' | 'number' | 'boolean';

export type OptionValueType<T extends OptionType> = T extends 'string'
  ? string
  : T extends 'boolean'
    ? boolean
    : number;

/** Returns `undefined` for a good value, or what was expected instead ("a ws:// URL"). */
export type Validator<V> = (value: V) => string | undefined;

interface OptionCommon {
  /** Dotted path: `netuid`, `wallet.name`, `subtensor.chain_endpoint`. */
  name: string;
  help: string;
}

export interface StringOption extends OptionCommon {
  type: 'string';
  default?: string;
  choices?: readonly string[];
  validate?: Validator<string>;
}

export interface IntegerOption extends OptionCommon {
  type: 'integer';
  default?: number;
  min?: number;
  max?: number;
  validate?: Validator<number>;
}

export interface NumberOption extends OptionCommon {
  type: 'number';
  default?: number;
  min?: number;
  max?: number;
  validate?: Validator<number>;
}

/** A boolean with no default is `false`: a switch that is absent is off. */
export interface BooleanOption extends OptionCommon {
  type: 'boolean';
  default?: boolean;
}

export type OptionDefinition = StringOption | IntegerOption | NumberOption | BooleanOption;
export type OptionValue = string | number | boolean;

type ValueOf<O extends OptionDefinition> = O['type'] extends 'boolean'
  ? boolean
  : O extends { default: OptionValue }
    ? OptionValueType<O['type']>
    : OptionValueType<O['type']> | undefined;

type Nest<Path extends string, V> = Path extends `${infer Head}.${infer Rest}`
  ? { [K in Head]: Nest<Rest, V> }
  : { [K in Path]: V };

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void
  ? I
  : never;

type Expand<T> = T extends object ? { [K in keyof T]: Expand<T[K]> } : T;

type EntryOf<O> = O extends OptionDefinition ? Nest<O['name'], ValueOf<O>> : never;

/** The nested config object typed from its definitions: `config.wallet.name: string`. */
export type ConfigOf<D extends readonly OptionDefinition[]> = Expand<UnionToIntersection<EntryOf<D[number]>>>;

export type OptionName<D extends readonly OptionDefinition[]> = D[number]['name'];

/** Identity, for typing: keeps option names and defaults literal so `ConfigOf` can nest them. */
export function defineOptions<const D extends readonly OptionDefinition[]>(definitions: D): D {
  return definitions;
}

export type ConfigErrorCode =
  | 'UnknownOption'
  | 'InvalidValue'
  | 'MissingValue'
  | 'UnexpectedArgument'
  | 'ConfigFileError'
  | 'InvalidDefinition';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly code: ConfigErrorCode,
    message: string,
    /** The flag, variable or file key at fault, as the user wrote it. */
    readonly source?: string,
  ) {
    super(message);
  }
}

export type ConfigSource = 'cli' | 'env' | 'file' | 'default';

export interface ParseConfigOptions {
  /** Arguments after the script name. Default `process.argv.slice(2)`. */
  argv?: readonly string[];
  /** Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Config file to read when neither `--config` nor `BT_CONFIG` names one. */
  configFile?: string;
  /**
   * Default true: unknown flags, unknown config-file keys and positional arguments are errors.
   * False hands unknown flags and positionals back in `rest`, in order, for apps with their own
   * arguments, and ignores unknown config-file keys.
   */
  strict?: boolean;
}

export interface ParsedConfig<D extends readonly OptionDefinition[]> {
  config: ConfigOf<D>;
  /** True when the value came from a flag, the environment or the config file — not a default. */
  isSet(name: OptionName<D>): boolean;
  /** Where the value came from; `undefined` when unset and without a default. */
  sourceOf(name: OptionName<D>): ConfigSource | undefined;
  configFile: string | undefined;
  /** `--help` or `-h` was given; print `formatHelp(definitions)` and exit. */
  help: boolean;
  /** Unknown flags and positionals, when `strict` is false. */
  rest: string[];
}

const ENV_PREFIX = 'BT_';
const CONFIG_FLAG = 'config';
const CONFIG_ENV = `${ENV_PREFIX}CONFIG`;
const NAME_PATTERN = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/i;

/** `subtensor.chain_endpoint` → `BT_SUBTENSOR_CHAIN_ENDPOINT`. */
export function envVarName(optionName: string): string {
  return ENV_PREFIX + optionName.toUpperCase().replaceAll('.', '_');
}

/** Expands a leading `~` — shells leave it alone in `--flag=~/x`, env values and config files. */
export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

export function parseConfig<const D extends readonly OptionDefinition[]>(
  definitions: D,
  options: ParseConfigOptions = {},
): ParsedConfig<D> {
  const { argv = process.argv.slice(2), env = process.env, strict = true } = options;
  const byName = indexDefinitions(definitions);
  const cli = parseArgv(argv, byName, strict);
  const configPath = cli.configFile ?? nonEmpty(env[CONFIG_ENV]) ?? options.configFile;
  const configFile = configPath === undefined ? undefined : expandHome(configPath);
  const fileValues =
    configFile === undefined ? new Map<string, unknown>() : readConfigFile(configFile, byName, strict);

  const config: Record<string, unknown> = {};
  const sources = new Map<string, ConfigSource>();
  for (const definition of byName.values()) {
    const resolved = resolveOption(definition, cli.values, env, fileValues, configFile);
    if (resolved.source !== undefined) sources.set(definition.name, resolved.source);
    setPath(config, definition.name, resolved.value);
  }

  return {
    config: config as ConfigOf<D>,
    isSet: (name) => {
      const source = sources.get(name);
      return source !== undefined && source !== 'default';
    },
    sourceOf: (name) => sources.get(name),
    configFile,
    help: cli.help,
    rest: cli.rest,
  };
}

function indexDefinitions(definitions: readonly OptionDefinition[]): Map<string, OptionDefinition> {
  const byName = new Map<string, OptionDefinition>();
  for (const definition of definitions) {
    const { name } = definition;
    if (!NAME_PATTERN.test(name) || name === CONFIG_FLAG || name === 'help') {
      throw new ConfigError('InvalidDefinition', `Invalid option name "${name}"`, name);
    }
    const existing = byName.get(name);
    // Components each bring the groups they need, so the same definition may arrive twice.
    if (existing === definition) continue;
    if (existing) throw new ConfigError('InvalidDefinition', `Option "${name}" is defined twice`, name);
    byName.set(name, definition);
  }
  for (const name of byName.keys()) {
    const clash = [...byName.keys()].find((other) => other.startsWith(`${name}.`));
    if (clash) {
      throw new ConfigError('InvalidDefinition', `Option "${name}" is also the group of "${clash}"`, name);
    }
  }
  return byName;
}

interface CliResult {
  values: Map<string, string | boolean>;
  configFile: string | undefined;
  help: boolean;
  rest: string[];
}

function parseArgv(
  argv: readonly string[],
  byName: Map<string, OptionDefinition>,
  strict: boolean,
): CliResult {
  const result: CliResult = { values: new Map(), configFile: undefined, help: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--help' || token === '-h') {
      result.help = true;
      continue;
    }
    if (token === '--') {
      for (const positional of argv.slice(i + 1)) addPositional(result, positional, strict);
      break;
    }
    if (!token.startsWith('--')) {
      addPositional(result, token, strict);
      continue;
    }
    const equals = token.indexOf('=');
    const flag = token.slice(2, equals === -1 ? undefined : equals);
    const inline = equals === -1 ? undefined : token.slice(equals + 1);
    const takeValue = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new ConfigError('MissingValue', `Option --${flag} needs a value`, `--${flag}`);
      }
      i++;
      return next;
    };

    const negated = negatedBoolean(flag, inline, byName);
    const definition = byName.get(flag);
    if (flag === CONFIG_FLAG) result.configFile = takeValue();
    else if (negated) result.values.set(negated.name, false);
    else if (definition?.type === 'boolean') result.values.set(flag, inline ?? true);
    else if (definition) result.values.set(flag, takeValue());
    else if (strict) throw unknownOption(`--${flag}`, flag, byName);
    else result.rest.push(token);
  }
  return result;
}

/** `--no-logging.debug` turns a switch off, e.g. one that `BT_LOGGING_DEBUG=1` turned on. */
function negatedBoolean(
  flag: string,
  inline: string | undefined,
  byName: Map<string, OptionDefinition>,
): OptionDefinition | undefined {
  if (!flag.startsWith('no-') || inline !== undefined) return undefined;
  const definition = byName.get(flag.slice(3));
  return definition?.type === 'boolean' ? definition : undefined;
}

function addPositional(result: CliResult, token: string, strict: boolean): void {
  if (strict) {
    throw new ConfigError(
      'UnexpectedArgument',
      `Unexpected argument "${token}": options are given as --name value`,
      token,
    );
  }
  result.rest.push(token);
}

function unknownOption(shown: string, name: string, byName: Map<string, OptionDefinition>): ConfigError {
  const matches = closeMatches(name, [...byName.keys()]);
  const hint = matches.length > 0 ? ` Did you mean ${matches.map((match) => `--${match}`).join(', ')}?` : '';
  return new ConfigError(
    'UnknownOption',
    `Unknown option ${shown}.${hint} See --help for all options.`,
    shown,
  );
}

/**
 * Options a typo most likely meant: the nearest by edit distance, where a flag that names a
 * whole word of an option's last segment (`--port` → `axon.port`, `axon.external_port`) is near.
 */
function closeMatches(name: string, candidates: readonly string[]): string[] {
  const wanted = name.toLowerCase().replace(/^no-/, '');
  const budget = Math.max(2, Math.floor(wanted.length / 3));
  const scored = candidates
    .map((candidate) => ({ candidate, distance: typoDistance(wanted, candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= budget)
    .sort((a, b) => a.distance - b.distance);
  const best = scored[0]?.distance ?? 0;
  return scored
    .filter(({ distance }) => distance <= best + 1)
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

function typoDistance(wanted: string, candidate: string): number {
  const lastSegment = candidate.slice(candidate.lastIndexOf('.') + 1);
  if (lastSegment === wanted) return 0;
  if (lastSegment.split('_').includes(wanted)) return 1;
  return editDistance(wanted, candidate);
}

/** Levenshtein distance with adjacent transpositions counted as one edit ("prot" → "port"). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      }
      row.push(distance);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

function readConfigFile(
  path: string,
  byName: Map<string, OptionDefinition>,
  strict: boolean,
): Map<string, unknown> {
  const document = loadConfigDocument(path);
  const values = new Map<string, unknown>();
  for (const [key, value] of flattenDocument(document, byName)) {
    if (byName.has(key)) values.set(key, value);
    else if (strict) throw unknownFileKey(path, key, byName);
  }
  return values;
}

function loadConfigDocument(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('ConfigFileError', `Cannot read config file ${path}: ${errorMessage(error)}`, path);
  }
  let document: unknown;
  try {
    // YAML 1.2 is a superset of JSON, so one parser reads both .yml and .json files.
    document = parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      'ConfigFileError',
      `Config file ${path} is not valid YAML or JSON: ${errorMessage(error)}`,
      path,
    );
  }
  if (document === null || document === undefined) return {};
  if (!isPlainObject(document)) {
    throw new ConfigError(
      'ConfigFileError',
      `Config file ${path} must hold a mapping of option names to values`,
      path,
    );
  }
  return document;
}

/** Nested (`wallet: {name: x}`) and dotted (`wallet.name: x`) keys both become `wallet.name`. */
function flattenDocument(
  document: Record<string, unknown>,
  byName: Map<string, OptionDefinition>,
  prefix = '',
): Array<[string, unknown]> {
  return Object.entries(document).flatMap(([key, value]): Array<[string, unknown]> => {
    const path = prefix + key;
    if (isPlainObject(value) && !byName.has(path)) return flattenDocument(value, byName, `${path}.`);
    return [[path, value]];
  });
}

function unknownFileKey(path: string, key: string, byName: Map<string, OptionDefinition>): ConfigError {
  const matches = closeMatches(key, [...byName.keys()]);
  const hint = matches.length > 0 ? ` Did you mean ${matches.join(', ')}?` : '';
  return new ConfigError('UnknownOption', `Unknown option "${key}" in config file ${path}.${hint}`, key);
}

interface Resolved {
  value: OptionValue | undefined;
  source: ConfigSource | undefined;
}

function resolveOption(
  definition: OptionDefinition,
  cliValues: Map<string, string | boolean>,
  env: Readonly<Record<string, string | undefined>>,
  fileValues: Map<string, unknown>,
  configFile: string | undefined,
): Resolved {
  const { name } = definition;
  const cliValue = cliValues.get(name);
  if (cliValue !== undefined) {
    const flag = cliValue === false && definition.type === 'boolean' ? `--no-${name}` : `--${name}`;
    return { value: coerce(definition, cliValue, flag), source: 'cli' };
  }
  const envName = envVarName(name);
  const envValue = nonEmpty(env[envName]);
  if (envValue !== undefined) return { value: coerce(definition, envValue, envName), source: 'env' };
  const fileValue = fileValues.get(name);
  if (fileValue !== undefined && fileValue !== null) {
    return { value: coerce(definition, fileValue, `${name} in ${configFile}`), source: 'file' };
  }
  if (definition.default !== undefined) return { value: definition.default, source: 'default' };
  return { value: definition.type === 'boolean' ? false : undefined, source: undefined };
}

function coerce(definition: OptionDefinition, raw: unknown, where: string): OptionValue {
  const value = convert(definition.type, raw);
  const problem = value === undefined ? describeExpected(definition) : checkValue(definition, value);
  if (problem !== undefined) {
    const shown = typeof raw === 'string' ? JSON.stringify(raw) : String(raw);
    throw new ConfigError(
      'InvalidValue',
      `Invalid value for ${where}: expected ${problem}, got ${shown}`,
      where,
    );
  }
  return value!;
}

/** Converts a flag/env string or a YAML scalar to the option's type; `undefined` if it isn't one. */
function convert(type: OptionType, raw: unknown): OptionValue | undefined {
  switch (type) {
    case 'string':
      return typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
    case 'integer': {
      const value = typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : raw;
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
    }
    case 'number': {
      const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    }
    case 'boolean':
      return typeof raw === 'boolean' ? raw : parseBoolean(raw);
  }
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

function parseBoolean(raw: unknown): boolean | undefined {
  if (typeof raw !== 'string') return undefined;
  const word = raw.trim().toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
}

/** What is wrong with a value of the right type, as the expectation it fails to meet. */
function checkValue(definition: OptionDefinition, value: OptionValue): string | undefined {
  switch (definition.type) {
    case 'string': {
      const text = value as string;
      if (definition.choices && !definition.choices.includes(text)) return describeExpected(definition);
      return definition.validate?.(text);
    }
    case 'integer':
    case 'number': {
      const number = value as number;
      const { min, max } = definition;
      if ((min !== undefined && number < min) || (max !== undefined && number > max)) {
        return describeExpected(definition);
      }
      return definition.validate?.(number);
    }
    case 'boolean':
      return undefined;
  }
}

function describeExpected(definition: OptionDefinition): string {
  switch (definition.type) {
    case 'string':
      return definition.choices ? `one of ${definition.choices.join(', ')}` : 'a string';
    case 'integer':
      return `an integer${describeRange(definition)}`;
    case 'number':
      return `a number${describeRange(definition)}`;
    case 'boolean':
      return 'true or false';
  }
}

function describeRange({ min, max }: { min?: number; max?: number }): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  const leaf = segments.pop()!;
  let node = target;
  for (const segment of segments) {
    node[segment] ??= {};
    node = node[segment] as Record<string, unknown>;
  }
  node[leaf] = value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An empty variable (`BT_AXON_EXTERNAL_IP=` in a compose file) means unset, not "". */
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Help

export function formatHelp(definitions: readonly OptionDefinition[], usage?: string): string {
  const byName = indexDefinitions(definitions);
  const entries = [...byName.values()].map((definition) => ({
    group: definition.name.split('.')[0]!,
    flag: flagSynopsis(definition),
    help: definition.help,
    details: optionDetails(definition),
  }));
  entries.push(
    {
      group: '',
      flag: '--config <path>',
      help: 'YAML or JSON file of option values.',
      details: `env: ${CONFIG_ENV}`,
    },
    { group: '', flag: '-h, --help', help: 'Show this help.', details: '' },
  );
  const width = Math.max(...entries.map((entry) => entry.flag.length)) + 2;
  const lines = usage ? [`Usage: ${usage}`, ''] : [];
  lines.push('Options (flags override BT_* environment variables, which override --config, then defaults):');
  let group: string | undefined;
  for (const entry of entries) {
    if (group !== undefined && entry.group !== group) lines.push('');
    group = entry.group;
    lines.push(`  ${entry.flag.padEnd(width)}${entry.help}`);
    if (entry.details) lines.push(`  ${' '.repeat(width)}${entry.details}`);
  }
  return `${lines.join('\n')}\n`;
}

function flagSynopsis(definition: OptionDefinition): string {
  if (definition.type === 'boolean') return `--[no-]${definition.name}`;
  return `--${definition.name} <${definition.type}>`;
}

function optionDetails(definition: OptionDefinition): string {
  const details: string[] = [];
  if (definition.type === 'string' && definition.choices)
    details.push(`one of: ${definition.choices.join(', ')}`);
  if (definition.type === 'integer' || definition.type === 'number') {
    const range = describeRange(definition).trim();
    if (range) details.push(range);
  }
  if (definition.default !== undefined) details.push(`default: ${JSON.stringify(definition.default)}`);
  details.push(`env: ${envVarName(definition.name)}`);
  return details.join(' · ');
}

// ---------------------------------------------------------------------------------------------
// Standard option groups (reference/bittensor-sdk.md §6)

const PORT = { min: 1, max: 65_535 } as const;

function ipAddress(value: string): string | undefined {
  return isIP(value) === 0 ? 'an IPv4 or IPv6 address like 127.0.0.1, 0.0.0.0 or ::' : undefined;
}

function websocketUrl(value: string): string | undefined {
  return /^wss?:\/\/[^\s/]+/.test(value) ? undefined : 'a ws:// or wss:// URL like ws://127.0.0.1:9944';
}

export const walletOptions = defineOptions([
  {
    name: 'wallet.name',
    type: 'string',
    default: 'default',
    help: 'Wallet (coldkey) name, a folder under wallet.path.',
  },
  { name: 'wallet.hotkey', type: 'string', default: 'default', help: 'Hotkey name inside the wallet.' },
  {
    name: 'wallet.path',
    type: 'string',
    default: '~/.bittensor/wallets',
    help: 'Folder of wallets, in the btcli layout so keys are shared with btcli.',
  },
]);

// Bittensor defaults to finney and its public endpoint. Ours is a local-first network: a bare
// command talks to the node on this machine, and reaching any other chain takes an explicit flag.
export const subtensorOptions = defineOptions([
  { name: 'subtensor.network', type: 'string', default: 'local', help: 'Name of the network to join.' },
  {
    name: 'subtensor.chain_endpoint',
    type: 'string',
    default: 'ws://127.0.0.1:9944',
    help: 'WebSocket endpoint of a chain node.',
    validate: websocketUrl,
  },
]);

// Bittensor binds the axon to [::], every interface. We bind loopback by default so a miner
// started for local testing is not served to the LAN by accident; pass --axon.ip 0.0.0.0 (or ::)
// and --axon.external_ip to serve other machines.
export const axonOptions = defineOptions([
  { name: 'axon.port', type: 'integer', default: 8091, ...PORT, help: 'Port the axon listens on.' },
  {
    name: 'axon.ip',
    type: 'string',
    default: '127.0.0.1',
    help: 'Address the axon binds to.',
    validate: ipAddress,
  },
  {
    name: 'axon.external_ip',
    type: 'string',
    help: 'Address announced on chain for others to reach this axon (default: axon.ip).',
    validate: ipAddress,
  },
  {
    name: 'axon.external_port',
    type: 'integer',
    ...PORT,
    help: 'Port announced on chain (default: axon.port).',
  },
  {
    name: 'axon.max_workers',
    type: 'integer',
    default: 10,
    min: 1,
    help: 'Requests the axon serves at once.',
  },
]);

export const loggingOptions = defineOptions([
  { name: 'logging.debug', type: 'boolean', help: 'Log at debug level.' },
  { name: 'logging.trace', type: 'boolean', help: 'Log at trace level, the most verbose.' },
  { name: 'logging.info', type: 'boolean', help: 'Log at info level (the default here, unlike bittensor).' },
  { name: 'logging.json', type: 'boolean', help: 'Write JSON lines even on a terminal.' },
  {
    name: 'logging.logging_dir',
    type: 'string',
    help: 'Also append JSON lines to a log file in this folder.',
  },
]);

export const netuidOption = {
  name: 'netuid',
  type: 'integer',
  default: 1,
  min: 0,
  max: 65_535,
  help: 'Subnet id (u16).',
} as const satisfies IntegerOption;
