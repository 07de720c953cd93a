import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { devGenesisConfig } from '@subnetkit/chain';
import { ChainNode, DB_FILE } from '@subnetkit/chain/node';
import { RpcServer } from '@subnetkit/chain/rpc';
import { createLogger, type Logger } from '@subnetkit/core';
import { type NodeArgs, parseNodeArgs, USAGE, UsageError } from './args';

const VERSION = '0.1.0';

export interface NodeIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: NodeIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** A started node: the chain and its RPC server, and how to stop both. */
export interface RunningNode {
  node: ChainNode;
  rpc: RpcServer;
  /** Stops accepting, closes the sockets, then stops the chain (it finishes the block in progress). */
  stop(): Promise<void>;
}

/** Opens the chain and serves it; throws UsageError or the opening's own error. */
export async function startNode(args: NodeArgs, log: Logger): Promise<RunningNode> {
  if (!args.dev && args.basePath !== undefined && !existsSync(join(args.basePath, DB_FILE))) {
    throw new UsageError(
      `no chain at ${args.basePath}: start one there with --dev --base-path ${args.basePath}, or point --base-path at an existing chain`,
    );
  }
  const node = await ChainNode.open({
    // Resuming checks the stored genesis against this one; only dev chains can be created here.
    genesis: devGenesisConfig(),
    ...(args.basePath === undefined ? {} : { basePath: args.basePath }),
    blockTimeMs: args.blockTimeMs,
    logger: log,
  });
  let rpc: RpcServer;
  try {
    rpc = await RpcServer.listen(node, {
      host: args.rpcHost,
      port: args.rpcPort,
      maxBodyBytes: args.maxBodyBytes,
      identity: { chain: args.dev ? 'subnetkit-dev' : 'subnetkit', name: 'subnetkit-node', version: VERSION },
      logger: log,
    });
  } catch (err) {
    await node.stop();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${args.rpcPort} on ${args.rpcHost} is in use: stop the other node or pass another --rpc-port`,
      );
    }
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    node,
    rpc,
    stop: () => {
      stopping ??= rpc.close().then(() => node.stop());
      return stopping;
    },
  };
}

/** The process: parse, start, run until SIGINT/SIGTERM (or a fatal chain error), stop. Resolves the exit code. */
export async function main(argv: readonly string[], io: NodeIo = processIo): Promise<number> {
  let args: NodeArgs | 'help';
  try {
    args = parseNodeArgs(argv);
  } catch (err) {
    io.stderr(`subnetkit-node: ${(err as Error).message}\nRun subnetkit-node --help for the options.\n`);
    return 2;
  }
  if (args === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const log = createLogger({ logging: args.logging }, { name: 'subnetkit-node' });
  let running: RunningNode;
  try {
    running = await startNode(args, log);
  } catch (err) {
    const usage = err instanceof UsageError;
    io.stderr(`subnetkit-node: ${(err as Error).message}\n`);
    return usage ? 2 : 1;
  }
  const { node, rpc } = running;
  log.info(
    {
      ws: rpc.url,
      http: rpc.httpUrl,
      chain: args.dev ? 'dev' : 'persistent',
      basePath: node.temporary ? null : node.basePath,
      blockTimeMs: args.blockTimeMs,
      block: node.head().number,
      genesis: node.genesisHash,
    },
    `node ready: JSON-RPC on ${rpc.url} and ${rpc.httpUrl}`,
  );

  return new Promise<number>((resolve) => {
    let exitCode = 0;
    const shutdown = (reason: string) => {
      log.info({ reason }, 'shutting down');
      running.stop().then(
        () => {
          process.off('SIGINT', onSigint);
          process.off('SIGTERM', onSigterm);
          resolve(exitCode);
        },
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) {
        log.warn({ signal }, 'second signal: exiting without a clean stop');
        process.exit(1);
      }
      signalled = true;
      shutdown(signal);
    };
    const onSigint = () => onSignal('SIGINT');
    const onSigterm = () => onSignal('SIGTERM');
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    node.on('error', (err) => {
      // The node already reloaded its last block and retries; it stops itself only if another
      // writer moved the chain on, and then this process has nothing left to serve.
      log.error({ err }, 'block production failed');
      if (node.stopped && !signalled) {
        exitCode = 1;
        signalled = true;
        shutdown('chain stopped');
      }
    });
  });
}
