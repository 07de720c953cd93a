import { parseArgs } from 'node:util';
import { DEFAULT_BLOCK_TIME_MS } from '@subnetkit/chain/node';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_RPC_PORT } from '@subnetkit/chain/rpc';
import type { LoggingConfig } from '@subnetkit/core';

const DEV_BLOCK_TIME_MS = 1000;

export const USAGE = `Usage: subnetkit-node --dev [options]
       subnetkit-node --base-path DIR [options]

Runs a subnetkit chain node and serves JSON-RPC 2.0 over HTTP POST and WebSocket on one port.

  --dev                  dev chain: //Alice … //Ferdie funded, chosen netuids allowed, a block
                         every ${DEV_BLOCK_TIME_MS} ms, and a temporary database unless --base-path is given
  --base-path DIR        the chain's directory: created with --dev, resumed at its last block
                         otherwise (without --dev a chain must already be there)
  --block-time TIME      block time: 250, 250ms, 1.5s, 12s (default ${DEFAULT_BLOCK_TIME_MS / 1000}s; ${DEV_BLOCK_TIME_MS}ms with --dev)
  --rpc-port PORT        RPC port (default ${DEFAULT_RPC_PORT}; 0 picks a free one)
  --rpc-host ADDR        address to bind (default 127.0.0.1, this machine only)
  --rpc-external         bind 0.0.0.0: serve other machines too
  --rpc-max-body BYTES   largest request body or WebSocket message (default ${DEFAULT_MAX_BODY_BYTES})
  --logging.debug        log at debug level (every RPC call)
  --logging.trace        log at trace level
  --logging.json         JSON log lines even on a terminal
  --logging.logging_dir DIR  also append JSON log lines to DIR/subnetkit-node.log
  -h, --help             show this help

Exit codes: 0 stopped cleanly (SIGINT/SIGTERM), 1 failed while running, 2 bad usage.`;

export interface NodeArgs {
  dev: boolean;
  basePath: string | undefined;
  blockTimeMs: number;
  rpcHost: string;
  rpcPort: number;
  maxBodyBytes: number;
  logging: LoggingConfig;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses the command line; throws UsageError naming the flag at fault. Returns 'help' for -h. */
export function parseNodeArgs(argv: readonly string[]): NodeArgs | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const dev = values.dev ?? false;
  const basePath = values['base-path'];
  if (!dev && basePath === undefined) {
    throw new UsageError(
      'no chain to run: pass --dev for a temporary dev chain, or --base-path DIR for a chain on disk',
    );
  }
  if (values['rpc-external'] && values['rpc-host'] !== undefined) {
    throw new UsageError('--rpc-external binds 0.0.0.0; give either it or --rpc-host, not both');
  }
  const blockTime = values['block-time'];
  return {
    dev,
    basePath,
    blockTimeMs:
      blockTime === undefined ? (dev ? DEV_BLOCK_TIME_MS : DEFAULT_BLOCK_TIME_MS) : parseDuration(blockTime),
    rpcHost: values['rpc-external'] ? '0.0.0.0' : (values['rpc-host'] ?? '127.0.0.1'),
    rpcPort: integer(values['rpc-port'] ?? String(DEFAULT_RPC_PORT), '--rpc-port', 0, 65_535),
    maxBodyBytes: integer(
      values['rpc-max-body'] ?? String(DEFAULT_MAX_BODY_BYTES),
      '--rpc-max-body',
      1024,
      1 << 30,
    ),
    logging: {
      debug: values['logging.debug'] ?? false,
      trace: values['logging.trace'] ?? false,
      json: values['logging.json'] ?? false,
      logging_dir: values['logging.logging_dir'],
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      dev: { type: 'boolean' },
      'base-path': { type: 'string' },
      'block-time': { type: 'string' },
      'rpc-port': { type: 'string' },
      'rpc-host': { type: 'string' },
      'rpc-external': { type: 'boolean' },
      'rpc-max-body': { type: 'string' },
      'logging.debug': { type: 'boolean' },
      'logging.trace': { type: 'boolean' },
      'logging.json': { type: 'boolean' },
      'logging.logging_dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** `250` and `250ms` are milliseconds, `1.5s` seconds; whole milliseconds ≥ 1. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (match[2] === 's' ? 1000 : 1) : Number.NaN;
  if (!Number.isInteger(ms) || ms < 1) {
    throw new UsageError(`--block-time takes a duration like 250ms, 1000 or 12s, got "${text}"`);
  }
  return ms;
}

function integer(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} takes an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}
