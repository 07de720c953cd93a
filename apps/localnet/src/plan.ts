import { join } from 'node:path';
import { taoToRao } from '@subnetkit/core';
import type { RoleManifest, SubnetWorkspace } from './manifest';

export interface PlanOptions {
  /** Working folder of this run: chain, wallets, models, neuron state. */
  basePath: string;
  rpcPort: number;
  /** Miners' axons get consecutive ports from here. */
  axonBasePort: number;
  /** Blocks per epoch on every subnet. */
  tempo: number;
  online: boolean;
  device: string;
  /** Overrides every manifest's miner count. */
  miners?: number | undefined;
}

export type Role = 'miner' | 'validator';

export interface NeuronPlan {
  subnet: string;
  netuid: number;
  role: Role;
  /** `text-generation/miner-1`: the prefix of its log lines. */
  label: string;
  /** Coldkey name; the hotkey is `default`. */
  wallet: string;
  axonPort?: number;
  /** Rao the coldkey receives from //Alice, and (validators) stakes. */
  funds: bigint;
  stake: bigint;
  script: string;
  args: string[];
}

export interface SubnetPlan {
  name: string;
  netuid: number;
  ownerWallet: string;
  hyperparameters: Array<[string, number | boolean]>;
  neurons: NeuronPlan[];
}

export interface NetworkPlan {
  endpoint: string;
  walletPath: string;
  modelsDir: string;
  subnets: SubnetPlan[];
}

export const OWNER_FUNDS = taoToRao(10_000n);
export const VALIDATOR_FUNDS = taoToRao(10_000n);
export const VALIDATOR_STAKE = taoToRao(5_000n);
export const MINER_FUNDS = taoToRao(100n);

/**
 * Hyperparameters for a local network: short epochs and no registration limits, so validators set
 * weights and the chain pays within a minute. A manifest's own values come after these.
 */
export function localHyperparameters(tempo: number): Array<[string, number | boolean]> {
  return [
    ['tempo', tempo],
    ['weights_rate_limit', Math.max(1, Math.floor(tempo / 4))],
    ['max_registrations_per_block', 64],
    ['target_registrations_per_interval', 64],
    ['activity_cutoff', Math.max(100, tempo * 20)],
  ];
}

/** Everything the local network will create and start, decided before anything runs. Pure. */
export function planNetwork(subnets: readonly SubnetWorkspace[], options: PlanOptions): NetworkPlan {
  const endpoint = `ws://127.0.0.1:${options.rpcPort}`;
  const walletPath = join(options.basePath, 'wallets');
  const modelsDir = join(options.basePath, 'models');
  let nextPort = options.axonBasePort;
  const plans = subnets.map((subnet): SubnetPlan => {
    const { netuid } = subnet.manifest;
    const neurons: NeuronPlan[] = [];
    const roles: Array<[Role, RoleManifest, number]> = [
      ['validator', subnet.manifest.validator, subnet.manifest.validator.count],
      ['miner', subnet.manifest.miner, options.miners ?? subnet.manifest.miner.count],
    ];
    for (const [role, manifest, count] of roles) {
      for (let i = 1; i <= count; i++) {
        const label = `${subnet.name}/${role}-${i}`;
        const wallet = `${subnet.name}-${role}-${i}`;
        const axonPort = role === 'miner' ? nextPort++ : undefined;
        const extra = [
          ...(manifest.args ?? []),
          ...((options.online ? manifest.onlineArgs : manifest.offlineArgs) ?? []),
        ].map((arg) => arg.replaceAll('{models}', modelsDir));
        neurons.push({
          subnet: subnet.name,
          netuid,
          role,
          label,
          wallet,
          ...(axonPort === undefined ? {} : { axonPort }),
          funds: role === 'validator' ? VALIDATOR_FUNDS : MINER_FUNDS,
          stake: role === 'validator' ? VALIDATOR_STAKE : 0n,
          script: join(subnet.dir, manifest.bin),
          args: [
            `--netuid=${netuid}`,
            `--wallet.name=${wallet}`,
            '--wallet.hotkey=default',
            `--wallet.path=${walletPath}`,
            `--subtensor.chain_endpoint=${endpoint}`,
            `--neuron.device=${options.device}`,
            `--neuron.epoch_length=${Math.max(2, Math.floor(options.tempo / 2))}`,
            `--neuron.full_path=${join(options.basePath, 'neurons', subnet.name, `${role}-${i}`)}`,
            ...(axonPort === undefined ? [] : [`--axon.port=${axonPort}`]),
            ...extra,
          ],
        });
      }
    }
    return {
      name: subnet.name,
      netuid,
      ownerWallet: `${subnet.name}-owner`,
      hyperparameters: [
        ...localHyperparameters(options.tempo),
        ...Object.entries(subnet.manifest.hyperparameters ?? {}),
      ],
      neurons,
    };
  });
  return { endpoint, walletPath, modelsDir, subnets: plans };
}
