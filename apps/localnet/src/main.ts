import { parseArgs } from 'node:util';
import { createLogger, formatTao } from '@subnetkit/core';
import { LocalnetError } from './errors';
import { type Localnet, startLocalnet } from './localnet';
import { formatLogLine, levelOf } from './log-lines';

export const USAGE = `Usage: npm start [-- options]      (or: npx subnetkit-localnet [options])

Runs the local network: a dev chain node, every subnet under subnets/ created with dev wallets,
and each subnet's validators and miners. Offline by default (miners serve the tiny forged models).
Ctrl-C stops everything cleanly.

  --subnets A,B        run only these subnets (folder names under subnets/)
  --base-path DIR      keep chain, wallets and neuron state in DIR and resume from it next time
                       (default: a temporary folder, removed on exit)
  --block-time TIME    block time: 250ms, 1s … (default 1s)
  --tempo N            blocks per epoch on every subnet (default 20)
  --miners N           miners per subnet (default: each subnet's own count)
  --rpc-port PORT      the node's JSON-RPC port (default 9944)
  --axon-port PORT     first miner axon port; the next miners count up (default 8091)
  --device D           auto | cuda | cpu for every neuron's model (default auto)
  --online             miners and validators load their real hub models instead of forged ones
  --verbose            print every child's debug lines too
  -h, --help           show this help

Exit codes: 0 stopped by Ctrl-C/SIGTERM, 1 failed, 2 bad usage.`;

export interface LocalnetArgs {
  subnets: string[];
  basePath?: string;
  blockTimeMs?: number;
  tempo?: number;
  miners?: number;
  rpcPort?: number;
  axonBasePort?: number;
  device?: string;
  online: boolean;
  verbose: boolean;
}

class UsageError extends Error {}

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${flag} must be a whole number ≥ 1, got "${value}"`);
  return n;
}

/** `250`, `250ms`, `1.5s` → milliseconds. */
export function parseDuration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
  const ms = match ? Number(match[1]) * (match[2] === 's' ? 1000 : 1) : Number.NaN;
  if (!Number.isInteger(ms) || ms < 1)
    throw new UsageError(`--${flag} takes e.g. 250ms or 1s, got "${value}"`);
  return ms;
}

export function parseLocalnetArgs(argv: readonly string[]): LocalnetArgs | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        subnets: { type: 'string' },
        'base-path': { type: 'string' },
        'block-time': { type: 'string' },
        tempo: { type: 'string' },
        miners: { type: 'string' },
        'rpc-port': { type: 'string' },
        'axon-port': { type: 'string' },
        device: { type: 'string' },
        online: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const device = values.device as string | undefined;
  if (device !== undefined && !['auto', 'cuda', 'cpu'].includes(device)) {
    throw new UsageError(`--device must be auto, cuda or cpu, got "${device}"`);
  }
  const args: LocalnetArgs = {
    subnets: ((values.subnets as string | undefined) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    online: Boolean(values.online),
    verbose: Boolean(values.verbose),
  };
  const optional = {
    basePath: values['base-path'] as string | undefined,
    blockTimeMs: parseDuration('block-time', values['block-time'] as string | undefined),
    tempo: positiveInteger('tempo', values.tempo as string | undefined),
    miners: positiveInteger('miners', values.miners as string | undefined),
    rpcPort: positiveInteger('rpc-port', values['rpc-port'] as string | undefined),
    axonBasePort: positiveInteger('axon-port', values['axon-port'] as string | undefined),
    device,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (args as unknown as Record<string, unknown>)[key] = value;
  }
  return args;
}

/** What is running and where to look, printed once everything has started. */
export function summary(net: Localnet): string {
  const lines = ['', 'subnetkit local network is running', `  chain node   ${net.plan.endpoint}`];
  lines.push(`  data         ${net.basePath}`);
  for (const report of net.reports) {
    const subnet = net.plan.subnets.find((s) => s.netuid === report.netuid)!;
    lines.push('', `  netuid ${report.netuid}  ${report.subnet}   owner ${report.owner}`);
    for (const neuron of subnet.neurons) {
      const name = neuron.label.split('/')[1]!.padEnd(12);
      const uid = `uid ${report.uids.get(neuron.label)}`.padEnd(8);
      const where = neuron.axonPort
        ? `axon 127.0.0.1:${neuron.axonPort}`
        : `stake ${formatTao(neuron.stake)}`;
      lines.push(
        `    ${name} ${uid} ${where.padEnd(22)} hotkey ${report.hotkeys.get(neuron.label)}  pid ${net.pid(neuron.label)}`,
      );
    }
  }
  lines.push('', '  look at it:');
  for (const report of net.reports) {
    lines.push(
      `    npx subnetkit metagraph --netuid ${report.netuid} --subtensor.chain_endpoint ${net.plan.endpoint}`,
    );
  }
  lines.push('', '  Ctrl-C stops everything.', '');
  return lines.join('\n');
}

export async function main(argv: readonly string[], start = startLocalnet): Promise<number> {
  let args: LocalnetArgs | 'help';
  try {
    args = parseLocalnetArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const minLevel = args.verbose ? 20 : 30;
  const print = (label: string, line: string) => {
    if (levelOf(line) < minLevel) return;
    // One line a block drowns out the rest; --verbose shows them.
    if (!args.verbose && label === 'node' && line.includes('"msg":"block committed"')) return;
    process.stdout.write(`${formatLogLine(label, line)}\n`);
  };
  // JSON lines, printed in the same short form as the children's.
  const logger = createLogger(
    { level: 'info', json: true },
    { name: 'localnet', destination: { write: (line: string) => print('localnet', line.trimEnd()) } },
  );
  let starting: Promise<Localnet> | undefined;
  let stopping: Promise<void> | undefined;
  let stopRequested: () => void = () => {};
  const stopRequest = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  const stop = (code: number, ownExitMs = 0) => {
    stopping ??= (async () => {
      logger.info('stopping the local network');
      // A signal during startup: startLocalnet cannot be cut short, so what it started is stopped
      // once it is up (a failed start has stopped its own processes already).
      const net = await starting?.catch(() => undefined);
      await net?.stop({ ownExitMs });
      logger.info('stopped');
      process.exitCode = code;
    })();
    stopRequested();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130); // a second Ctrl-C: leave at once
    // Ctrl-C reached the children too (one process group): give them a moment to stop themselves.
    void stop(0, signal === 'SIGINT' ? 5000 : 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run(args);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  async function run(args: LocalnetArgs): Promise<number> {
    let net: Localnet;
    try {
      starting = start({
        ...args,
        logger,
        onLine: print,
        onUnexpectedExit: (exit) => {
          logger.error({ process: exit.label, code: exit.code, signal: exit.signal }, 'a process exited');
          if (exit.label === 'node') void stop(1);
        },
      });
      net = await starting;
    } catch (error) {
      if (stopping) {
        await stopping;
        return Number(process.exitCode ?? 0);
      }
      const message = error instanceof LocalnetError ? error.message : (error as Error).stack;
      logger.error(`could not start the local network: ${message}`);
      return 1;
    }
    if (stopping) {
      await stopping;
      return Number(process.exitCode ?? 0);
    }
    process.stdout.write(summary(net));
    net.onEvent(({ event, block, seconds }) => {
      if (event.type === 'WeightsSet' && net.firstWeights.get(event.netuid) === seconds) {
        logger.info(
          { netuid: event.netuid, uid: event.uid, block },
          `first set_weights ${seconds.toFixed(1)} s after start`,
        );
      }
      if (event.type === 'EpochRun') {
        logger.info(
          {
            netuid: event.netuid,
            block,
            incentive: formatTao(event.incentivePaid),
            dividends: formatTao(event.dividendsPaid),
            owner: formatTao(event.ownerPaid),
          },
          'epoch paid',
        );
      }
    });
    await stopRequest;
    await stopping;
    return Number(process.exitCode ?? 0);
  }
}
