/** A subnet on a manually sealed in-process chain, and neuron info builders for pure tests. */
import type { ChainClient, NeuronInfo } from '@subnetkit/chain';
import { openTestSubnet, type TestSubnet } from '@subnetkit/chain/node/testing';
import { neuronInfo as chainNeuronInfo, TestChain } from '@subnetkit/chain/testing';
import { createLogger, type Keypair, RAO_PER_TAO } from '@subnetkit/core';

export const TAO = RAO_PER_TAO;
export const silent = createLogger({ level: 'silent' });
export const hot = (name: string): Keypair => TestChain.key(`Bob/${name}`);

/** A neuron that serves an axon on 127.0.0.1:<9000 + uid>. */
export function neuronInfo(uid: number, overrides: Partial<NeuronInfo> = {}): NeuronInfo {
  return chainNeuronInfo(uid, {
    axon_info: { block: 1, version: 1, ip: '127.0.0.1', port: 9000 + uid, ipType: 4, protocol: 4 },
    ...overrides,
  });
}

export type Subnet = TestSubnet;

/** Subnet 1 owned by Alice, with `names` registered by Bob (in order) and hyperparameters set. */
export function openSubnet(
  names: readonly string[],
  hyper: Readonly<Record<string, number | boolean>> = {},
): Promise<Subnet> {
  return openTestSubnet({ neurons: names, hyperparameters: { max_registrations_per_block: 16, ...hyper } });
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
