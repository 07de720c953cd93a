/** A subnet on a manually sealed in-process chain, and neuron info builders for pure tests. */
import type { Call, ChainClient, NeuronInfo } from '@subnetkit/chain';
import { signExtrinsic } from '@subnetkit/chain';
import { ChainNode, InProcessChainClient } from '@subnetkit/chain/node';
import { TestChain } from '@subnetkit/chain/testing';
import { createLogger, type Keypair } from '@subnetkit/core';

export const TAO = 1_000_000_000n;
export const silent = createLogger({ level: 'silent' });
export const hot = (name: string): Keypair => TestChain.key(`Bob/${name}`);

export function neuronInfo(uid: number, overrides: Partial<NeuronInfo> = {}): NeuronInfo {
  return {
    uid,
    netuid: 1,
    hotkey: hot(`n${uid}`).ss58Address,
    coldkey: TestChain.key('Bob').ss58Address,
    active: true,
    stake: 0n,
    validator_permit: false,
    stake_weight: 0,
    consensus: 0,
    incentive: 0,
    dividends: 0,
    validator_trust: 0,
    emission: 0n,
    last_update: 0,
    block_at_registration: 0,
    axon_info: { block: 1, version: 1, ip: '127.0.0.1', port: 9000 + uid, ipType: 4, protocol: 4 },
    ...overrides,
  };
}

export interface Subnet {
  node: ChainNode;
  client: InProcessChainClient;
  /** Submits calls, seals one block, returns the failed calls' error codes. */
  seal(calls: [Keypair, Call][]): Promise<string[]>;
  close(): Promise<void>;
}

/** Subnet 1 owned by Alice, with `names` registered by Bob (in order) and hyperparameters set. */
export async function openSubnet(
  names: readonly string[],
  hyper: Readonly<Record<string, number | boolean>> = {},
): Promise<Subnet> {
  const node = await ChainNode.open({ sealing: 'manual' });
  const client = new InProcessChainClient(node);
  const seal = async (calls: [Keypair, Call][]): Promise<string[]> => {
    const genesis = await client.genesisHash();
    for (const [key, call] of calls) {
      await client.submit(signExtrinsic(call, key, await client.nextNonce(key.ss58Address), genesis));
    }
    return node
      .produceBlockNow()
      .events.flatMap((e) => (e.type === 'ExtrinsicFailed' ? [e.error as string] : []));
  };
  const owner = TestChain.key('Alice');
  const bob = TestChain.key('Bob');
  await seal([[owner, { call: 'register_network', hotkey: hot('owner').ss58Address, netuid: 1 }]]);
  await seal(
    Object.entries({ max_registrations_per_block: 16, ...hyper }).map(([name, value]): [Keypair, Call] => [
      owner,
      { call: 'set_hyperparameter', netuid: 1, name, value },
    ]),
  );
  if (names.length > 0) {
    await seal(
      names.map((name): [Keypair, Call] => [
        bob,
        { call: 'burned_register', netuid: 1, hotkey: hot(name).ss58Address },
      ]),
    );
  }
  return {
    node,
    client,
    seal,
    close: async () => {
      await client.close();
      await node.stop();
    },
  };
}

/** A ChainClient that fails every call while `down` is true, as a restarting node would. */
export class FlakyChain implements ChainClient {
  down = false;
  failures = 0;

  constructor(readonly inner: ChainClient) {}

  #guard(): void {
    if (this.down) {
      this.failures++;
      throw new Error('connect ECONNREFUSED 127.0.0.1:9944');
    }
  }

  async genesisHash() {
    this.#guard();
    return this.inner.genesisHash();
  }
  async head() {
    this.#guard();
    return this.inner.head();
  }
  async subscribeHeads(...args: Parameters<ChainClient['subscribeHeads']>) {
    this.#guard();
    return this.inner.subscribeHeads(...args);
  }
  async subscribeEvents(...args: Parameters<ChainClient['subscribeEvents']>) {
    this.#guard();
    return this.inner.subscribeEvents(...args);
  }
  async account(address: string) {
    this.#guard();
    return this.inner.account(address);
  }
  async nextNonce(address: string) {
    this.#guard();
    return this.inner.nextNonce(address);
  }
  async subnets() {
    this.#guard();
    return this.inner.subnets();
  }
  async subnet(netuid: number) {
    this.#guard();
    return this.inner.subnet(netuid);
  }
  async neurons(...args: Parameters<ChainClient['neurons']>) {
    this.#guard();
    return this.inner.neurons(...args);
  }
  async submit(...args: Parameters<ChainClient['submit']>) {
    this.#guard();
    return this.inner.submit(...args);
  }
  async submitAndWait(...args: Parameters<ChainClient['submitAndWait']>) {
    this.#guard();
    return this.inner.submitAndWait(...args);
  }
  async close() {
    await this.inner.close();
  }
}

/** Resolves once `predicate` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
