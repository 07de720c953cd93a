import type { SignedExtrinsic } from '../extrinsic';
import type { BlockNotice, ChainNode } from '../node/chain-node';
import { NodeError } from '../node/errors';
import type { AccountInfo, NeuronInfo, SubnetInfo } from '../queries';
import type { ChainClient, Head, Inclusion, Unsubscribe } from './chain-client';

/**
 * A ChainClient over a ChainNode in the same process: what tests and embedded tools use. It behaves
 * like the RPC client — results are copies, so a caller can never change the node's state, and every
 * method rejects once the client is closed.
 */
export class InProcessChainClient implements ChainClient {
  readonly #node: ChainNode;
  readonly #listeners = new Set<(notice: BlockNotice) => void>();
  #closed = false;

  constructor(node: ChainNode) {
    this.#node = node;
  }

  #open(): ChainNode {
    if (this.#closed) throw new NodeError('NodeStopped', 'this chain client is closed');
    return this.#node;
  }

  async genesisHash(): Promise<string> {
    return this.#open().genesisHash;
  }

  async head(): Promise<Head> {
    return { ...this.#open().head() };
  }

  async subscribeHeads(onHead: (head: Head) => void): Promise<Unsubscribe> {
    return this.#listen(({ header }) => onHead({ ...header }));
  }

  async subscribeEvents(onEvents: Parameters<ChainClient['subscribeEvents']>[0]): Promise<Unsubscribe> {
    return this.#listen(({ header, block }) => onEvents({ ...header }, structuredClone(block.events)));
  }

  #listen(listener: (notice: BlockNotice) => void): Unsubscribe {
    const node = this.#open();
    node.on('block', listener);
    this.#listeners.add(listener);
    return async () => {
      node.off('block', listener);
      this.#listeners.delete(listener);
    };
  }

  async account(address: string): Promise<AccountInfo> {
    return this.#open().accountInfo(address);
  }

  async nextNonce(address: string): Promise<number> {
    return this.#open().nextNonce(address);
  }

  async subnets(): Promise<SubnetInfo[]> {
    return this.#open().listSubnets();
  }

  async subnet(netuid: number): Promise<SubnetInfo | null> {
    return this.#open().subnetInfo(netuid);
  }

  async neurons(netuid: number, options: { lite?: boolean } = {}): Promise<NeuronInfo[] | null> {
    return structuredClone(this.#open().neurons(netuid, options));
  }

  async submit(extrinsic: SignedExtrinsic): Promise<string> {
    return this.#open().submit(extrinsic);
  }

  async submitAndWait(extrinsic: SignedExtrinsic, options: { timeoutMs?: number } = {}): Promise<Inclusion> {
    return this.#open().submitAndWait(extrinsic, options);
  }

  /** Ends this client's subscriptions; the node keeps running (it belongs to whoever opened it). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const listener of this.#listeners) this.#node.off('block', listener);
    this.#listeners.clear();
  }
}
