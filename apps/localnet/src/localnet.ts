import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChainEvent, Head, Unsubscribe } from '@subnetkit/chain';
import { RpcChainClient } from '@subnetkit/chain/rpc';
import { cryptoReady, type Logger } from '@subnetkit/core';
import { forgeModels } from '@subnetkit/model-forge';
import { LocalnetError } from './errors';
import { discoverSubnets, selectSubnets } from './manifest';
import { type NetworkPlan, planNetwork } from './plan';
import { portInUse } from './ports';
import { type SetupReport, setupNetwork } from './setup';
import { type ChildExit, Supervisor } from './supervisor';

/** The repository root (apps/localnet/src → ../../..). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export interface LocalnetOptions {
  /** Folder names under subnets/ to run; all when empty. */
  subnets?: string[];
  /** Keep the chain, wallets and state here (resumed next time); default a temporary folder removed on stop. */
  basePath?: string;
  rpcPort?: number;
  blockTimeMs?: number;
  tempo?: number;
  axonBasePort?: number;
  miners?: number;
  online?: boolean;
  device?: string;
  /** Where the subnets live; default the repository's subnets/. */
  subnetsDir?: string;
  logger: Logger;
  /** Every child's output line. */
  onLine: (label: string, line: string) => void;
  /** A child exited without being asked to. */
  onUnexpectedExit?: (exit: ChildExit) => void;
}

export interface NetworkEvent {
  block: number;
  /** Seconds since the local network started. */
  seconds: number;
  event: ChainEvent;
}

export interface Localnet {
  plan: NetworkPlan;
  reports: SetupReport[];
  basePath: string;
  chain: RpcChainClient;
  startedAt: number;
  /** Seconds from start to each subnet's first set_weights, by netuid. */
  firstWeights: Map<number, number>;
  /** Calls `listener` for every event of every new block until stop. */
  onEvent(listener: (event: NetworkEvent) => void): void;
  pid(label: string): number | undefined;
  /** Stops the neurons, then the node. `ownExitMs`: see Supervisor.stop (after a Ctrl-C). */
  stop(options?: { ownExitMs?: number }): Promise<void>;
}

const DEFAULTS = {
  rpcPort: 9944,
  blockTimeMs: 1000,
  tempo: 20,
  axonBasePort: 8091,
  device: 'auto',
};

/**
 * Starts the local network: a dev chain node, every subnet created with dev wallets, and each
 * subnet's validators and miners. Resolves once all are started; `stop()` ends them in order.
 */
export async function startLocalnet(options: LocalnetOptions): Promise<Localnet> {
  const startedAt = performance.now();
  await cryptoReady();
  const log = options.logger;
  const subnets = selectSubnets(
    discoverSubnets(options.subnetsDir ?? join(REPO_ROOT, 'subnets')),
    options.subnets ?? [],
  );
  const temporary = options.basePath === undefined;
  const basePath = options.basePath
    ? resolve(options.basePath)
    : mkdtempSync(join(tmpdir(), 'subnetkit-localnet-'));
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const plan = planNetwork(subnets, {
    basePath,
    rpcPort: settings.rpcPort,
    axonBasePort: settings.axonBasePort,
    tempo: settings.tempo,
    online: options.online ?? false,
    device: settings.device,
    miners: options.miners,
  });

  const ports = [
    settings.rpcPort,
    ...plan.subnets.flatMap((s) => s.neurons.flatMap((n) => n.axonPort ?? [])),
  ];
  const busy = (await Promise.all(ports.map(async (port) => ((await portInUse(port)) ? [port] : [])))).flat();
  if (busy.length > 0) {
    if (temporary) rmSync(basePath, { recursive: true, force: true });
    throw new LocalnetError(
      'InvalidOptions',
      `port ${busy.join(', ')} ${busy.length > 1 ? 'are' : 'is'} in use (another local network?); stop it, or pass --rpc-port / --axon-port`,
    );
  }

  const listeners: Array<(event: NetworkEvent) => void> = [];
  const firstWeights = new Map<number, number>();
  let unsubscribe: Unsubscribe | undefined;
  let chain: RpcChainClient | undefined;
  const supervisor = new Supervisor(options.onLine, (exit) => {
    if (!exit.expected) options.onUnexpectedExit?.(exit);
  });

  const stop = async ({ ownExitMs = 0 }: { ownExitMs?: number } = {}): Promise<void> => {
    await unsubscribe?.().catch(() => {});
    await chain?.close().catch(() => {});
    await supervisor.stop(
      supervisor.labels.filter((label) => label !== 'node'),
      { ownExitMs },
    );
    await supervisor.stop(['node'], { graceMs: 20_000, ownExitMs });
    if (temporary) rmSync(basePath, { recursive: true, force: true });
  };

  try {
    // Always (0.1 s, the same bytes every time): a resumed folder that a killed start left half
    // written is repaired, and the local network names no one subnet's model.
    await forgeModels(plan.modelsDir);
    const node = supervisor.start({
      label: 'node',
      script: join(REPO_ROOT, 'apps/node/bin/subnetkit-node.js'),
      args: [
        '--dev',
        `--base-path=${join(basePath, 'chain')}`,
        `--block-time=${settings.blockTimeMs}ms`,
        `--rpc-port=${settings.rpcPort}`,
      ],
    });
    chain = await connect(plan.endpoint, () => node.exitCode !== null, log);
    log.info({ endpoint: plan.endpoint, basePath }, 'chain node ready');

    const reports = await setupNetwork(chain, plan, log);
    unsubscribe = await chain.subscribeEvents((head: Head, events: ChainEvent[]) => {
      const seconds = (performance.now() - startedAt) / 1000;
      for (const event of events) {
        if (event.type === 'WeightsSet' && !firstWeights.has(event.netuid))
          firstWeights.set(event.netuid, seconds);
        for (const listener of listeners) listener({ block: head.number, seconds, event });
      }
    });
    for (const subnet of plan.subnets) {
      for (const neuron of subnet.neurons) {
        supervisor.start({ label: neuron.label, script: neuron.script, args: neuron.args });
      }
    }
    return {
      plan,
      reports,
      basePath,
      chain,
      startedAt,
      firstWeights,
      onEvent: (listener) => listeners.push(listener),
      pid: (label) => supervisor.pid(label),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function definedOnly(options: LocalnetOptions): Partial<typeof DEFAULTS> {
  const picked: Partial<typeof DEFAULTS> = {};
  for (const key of Object.keys(DEFAULTS) as Array<keyof typeof DEFAULTS>) {
    if (options[key] !== undefined) (picked as Record<string, unknown>)[key] = options[key];
  }
  return picked;
}

/** Connects to the node once it listens; fails if it exits first or does not answer in 60 s. */
async function connect(endpoint: string, exited: () => boolean, log: Logger): Promise<RpcChainClient> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited()) {
      throw new LocalnetError(
        'NodeDidNotStart',
        'the chain node exited while starting; its log lines above say why',
      );
    }
    try {
      return await RpcChainClient.connect(endpoint, { logger: log });
    } catch (error) {
      if (Date.now() > deadline) {
        throw new LocalnetError(
          'NodeDidNotStart',
          `no chain node answered at ${endpoint} within 60 s (${(error as Error).message})`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
