/**
 * Leveled, structured logging on pino: one line per event, with the fields someone debugging
 * needs bound through child loggers (`logger.child({ component: 'axon', netuid, uid, hotkey })`).
 *
 * Everything writes synchronously (pino-pretty's formatter is called in-process rather than as a
 * worker transport), so the last lines before a crash or `process.exit` are never lost.
 */
import { join } from 'node:path';
import pino from 'pino';
import { prettyFactory } from 'pino-pretty';
import { expandHome } from './config';

export type Logger = pino.Logger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Where log lines go; `isTTY` picks pretty lines over JSON when `json` is not given. */
export interface LogDestination {
  write(line: string): void;
  isTTY?: boolean;
}

/** The fields our components bind; any other field is allowed too. */
export interface LogBindings {
  component?: string;
  netuid?: number;
  uid?: number;
  hotkey?: string;
  [field: string]: unknown;
}

/** The `logging.*` group of a parsed config (see `loggingOptions`). */
export interface LoggingConfig {
  debug?: boolean;
  trace?: boolean;
  info?: boolean;
  json?: boolean;
  logging_dir?: string | undefined;
}

export interface LoggerOptions {
  /** Default `info`. */
  level?: LogLevel;
  /** JSON lines; by default only when the destination is not a terminal. */
  json?: boolean;
  /** Default stdout. */
  destination?: LogDestination;
  /** Also append JSON lines to `<loggingDir>/<name>.log`. */
  loggingDir?: string;
  /** Logger name, also the log file's name. Default `subnetkit`. */
  name?: string;
  /** Fields on every line of this logger. */
  bindings?: LogBindings;
}

const DEFAULT_NAME = 'subnetkit';

/**
 * The most verbose level asked for. Default **info**: bittensor defaults to WARNING, which hides
 * the info lines a new subnet developer is looking for (RaoFoundation/bittensor#1836).
 */
export function levelFromConfig(logging: LoggingConfig): LogLevel {
  if (logging.trace) return 'trace';
  if (logging.debug) return 'debug';
  return 'info';
}

export function loggerOptionsFromConfig(config: { logging: LoggingConfig }): LoggerOptions {
  const { logging } = config;
  return {
    level: levelFromConfig(logging),
    // Off means "decide by terminal": the flag forces JSON, it never forces pretty output.
    ...(logging.json ? { json: true } : {}),
    ...(logging.logging_dir ? { loggingDir: logging.logging_dir } : {}),
  };
}

/**
 * `createLogger(config)` with a parsed config holding `loggingOptions`, or `createLogger(options)`;
 * `overrides` win over both (tests pass `{ destination }`).
 */
export function createLogger(
  source: LoggerOptions | { logging: LoggingConfig } = {},
  overrides: LoggerOptions = {},
): Logger {
  const base = 'logging' in source ? loggerOptionsFromConfig(source) : source;
  const options: LoggerOptions = { ...base, ...overrides };
  const name = options.name ?? DEFAULT_NAME;
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  const isTTY = (options.destination ?? process.stdout).isTTY === true;
  const json = options.json ?? !isTTY;
  const screen = json ? destination : prettyDestination(destination, isTTY);
  const stream = options.loggingDir ? withLogFile(screen, options.loggingDir, name) : screen;

  const logger = pino(
    {
      name,
      level: options.level ?? 'info',
      // Level names rather than pino's numbers, so JSON lines read and grep as they print.
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  return options.bindings ? logger.child(options.bindings) : logger;
}

/** `2025-01-31 12:00:00.123 INFO (miner): axon | served {"netuid":1,"uid":3,"ms":12}`. */
function prettyDestination(destination: LogDestination, colorize: boolean): LogDestination {
  const prettify = prettyFactory({
    colorize,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname,component',
    singleLine: true,
    messageFormat: '{if component}{component} | {end}{msg}',
  });
  return { write: (line) => destination.write(prettify(line)) };
}

/** Console plus a JSON file. Streams pass every level; the logger's own level does the filtering. */
function withLogFile(screen: LogDestination, directory: string, name: string): pino.DestinationStream {
  const file = pino.destination({
    dest: join(expandHome(directory), `${name}.log`),
    mkdir: true,
    append: true,
    sync: true,
  });
  return pino.multistream([
    { level: 'trace', stream: screen },
    { level: 'trace', stream: file },
  ]);
}
