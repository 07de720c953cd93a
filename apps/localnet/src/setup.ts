import { type Call, type ChainClient, type Inclusion, signExtrinsic } from '@subnetkit/chain';
import { Keypair, type Logger, Wallet, WalletError } from '@subnetkit/core';
import { LocalnetError } from './errors';
import type { NetworkPlan, SubnetPlan } from './plan';
import { OWNER_FUNDS } from './plan';

export interface Keys {
  coldkey: Keypair;
  hotkey: Keypair;
}

/**
 * A dev wallet under `path`: reused when it exists, else created with an **unencrypted** coldkey
 * (local network only: a real coldkey is made with `subnetkit wallet create` and a password).
 */
export async function devWallet(path: string, name: string): Promise<Keys> {
  const wallet = new Wallet({ name, hotkey: 'default', path });
  try {
    return { coldkey: await wallet.getColdkey(), hotkey: await wallet.getHotkey() };
  } catch (error) {
    if (!(error instanceof WalletError) || error.code !== 'KeyfileNotFound') throw error;
  }
  const coldkey = await wallet.createColdkey({ usePassword: false, overwrite: true });
  const hotkey = await wallet.createHotkey({ usePassword: false, overwrite: true });
  return { coldkey, hotkey };
}

/**
 * Signs `calls` with consecutive nonces, sends them together and waits until blocks include them
 * all; any failed one is an error naming the call and the chain's reason.
 */
export async function submitAll(
  chain: ChainClient,
  signer: Keypair,
  calls: readonly Call[],
  what: string,
): Promise<Inclusion[]> {
  if (calls.length === 0) return [];
  const [genesisHash, first] = await Promise.all([chain.genesisHash(), chain.nextNonce(signer.ss58Address)]);
  const inclusions = await Promise.all(
    calls.map((call, i) =>
      chain.submitAndWait(signExtrinsic(call, signer, first + i, genesisHash), { timeoutMs: 60_000 }),
    ),
  );
  const failed = inclusions.findIndex((inclusion) => !inclusion.ok);
  if (failed >= 0) {
    const { error } = inclusions[failed]!;
    throw new LocalnetError(
      'SetupFailed',
      `${what}: ${calls[failed]!.call} failed with ${error?.code}: ${error?.message}`,
    );
  }
  return inclusions;
}

export interface SetupReport {
  subnet: string;
  netuid: number;
  owner: string;
  created: boolean;
  /** uid by neuron label. */
  uids: Map<string, number>;
  hotkeys: Map<string, string>;
}

/**
 * Brings the chain to the plan: funds every dev coldkey from //Alice, creates each subnet with its
 * netuid and local hyperparameters, registers every neuron and stakes the validators. Steps
 * already done (a resumed base path) are skipped, so it can run again on the same chain.
 */
export async function setupNetwork(
  chain: ChainClient,
  plan: NetworkPlan,
  logger: Logger,
): Promise<SetupReport[]> {
  const alice = Keypair.fromUri('//Alice');
  const keys = new Map<string, Keys>();
  for (const subnet of plan.subnets) {
    for (const wallet of [subnet.ownerWallet, ...subnet.neurons.map((n) => n.wallet)]) {
      keys.set(wallet, await devWallet(plan.walletPath, wallet));
    }
  }

  const transfers: Call[] = [];
  for (const subnet of plan.subnets) {
    const wants: Array<[string, bigint]> = [
      [subnet.ownerWallet, OWNER_FUNDS],
      ...subnet.neurons.map((n): [string, bigint] => [n.wallet, n.funds]),
    ];
    for (const [wallet, funds] of wants) {
      const address = keys.get(wallet)!.coldkey.ss58Address;
      const account = await chain.account(address);
      if (account.free + account.staked < funds) {
        transfers.push({ call: 'transfer', dest: address, amount: funds - account.free - account.staked });
      }
    }
  }
  await submitAll(chain, alice, transfers, 'funding the dev wallets from //Alice');
  logger.info({ wallets: keys.size, funded: transfers.length, path: plan.walletPath }, 'dev wallets ready');

  const reports: SetupReport[] = [];
  for (const subnet of plan.subnets) reports.push(await setupSubnet(chain, subnet, keys, logger));
  return reports;
}

async function setupSubnet(
  chain: ChainClient,
  subnet: SubnetPlan,
  keys: Map<string, Keys>,
  logger: Logger,
): Promise<SetupReport> {
  const owner = keys.get(subnet.ownerWallet)!;
  const existing = await chain.subnet(subnet.netuid);
  if (existing && existing.owner_coldkey !== owner.coldkey.ss58Address) {
    throw new LocalnetError(
      'SetupFailed',
      `netuid ${subnet.netuid} already belongs to ${existing.owner_coldkey}, not to the dev wallet ${subnet.ownerWallet}; use a fresh --base-path`,
    );
  }
  if (!existing) {
    await submitAll(
      chain,
      owner.coldkey,
      [{ call: 'register_network', hotkey: owner.hotkey.ss58Address, netuid: subnet.netuid }],
      `creating subnet ${subnet.name} (netuid ${subnet.netuid})`,
    );
  }
  const current = (await chain.subnet(subnet.netuid))!.hyperparameters as unknown as Record<string, unknown>;
  const changes: Call[] = subnet.hyperparameters
    .filter(([name, value]) => current[name] !== value)
    .map(([name, value]) => ({ call: 'set_hyperparameter', netuid: subnet.netuid, name, value }));
  await submitAll(chain, owner.coldkey, changes, `setting ${subnet.name}'s hyperparameters`);

  const registered = new Set((await chain.neurons(subnet.netuid))!.map((n) => n.hotkey));
  await Promise.all(
    subnet.neurons
      .filter((n) => !registered.has(keys.get(n.wallet)!.hotkey.ss58Address))
      .map((n) => {
        const { coldkey, hotkey } = keys.get(n.wallet)!;
        return submitAll(
          chain,
          coldkey,
          [{ call: 'burned_register', netuid: subnet.netuid, hotkey: hotkey.ss58Address }],
          `registering ${n.label}`,
        );
      }),
  );
  await Promise.all(
    subnet.neurons
      .filter((n) => n.stake > 0n)
      .map(async (n) => {
        const { coldkey, hotkey } = keys.get(n.wallet)!;
        const account = await chain.account(coldkey.ss58Address);
        const missing = n.stake - account.staked;
        if (missing <= 0n) return;
        await submitAll(
          chain,
          coldkey,
          [{ call: 'add_stake', hotkey: hotkey.ss58Address, amount: missing }],
          `staking ${n.label}`,
        );
      }),
  );

  const neurons = (await chain.neurons(subnet.netuid))!;
  const uidOf = new Map(neurons.map((n) => [n.hotkey, n.uid]));
  const uids = new Map<string, number>();
  const hotkeys = new Map<string, string>();
  for (const n of subnet.neurons) {
    const hotkey = keys.get(n.wallet)!.hotkey.ss58Address;
    hotkeys.set(n.label, hotkey);
    uids.set(n.label, uidOf.get(hotkey)!);
  }
  logger.info(
    { subnet: subnet.name, netuid: subnet.netuid, neurons: neurons.length, created: !existing },
    existing ? 'subnet resumed' : 'subnet created',
  );
  return {
    subnet: subnet.name,
    netuid: subnet.netuid,
    owner: owner.coldkey.ss58Address,
    created: !existing,
    uids,
    hotkeys,
  };
}
