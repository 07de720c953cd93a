/**
 * A subnet on a manually sealed in-process node, for the tests of what runs on top of the chain
 * (neurons, subnets): Alice registers the subnet and sets its hyperparameters, Bob registers and
 * stakes the neurons, and the test seals the blocks it needs. `@subnetkit/chain/node/testing`,
 * apart from `@subnetkit/chain/testing` so that pure tests load no SQLite.
 */
import type { Keypair } from '@subnetkit/core';
import type { Call } from '../calls';
import { InProcessChainClient } from '../client/in-process-client';
import { signExtrinsic } from '../extrinsic';
import { TestChain } from '../testing';
import { ChainNode } from './chain-node';

export interface TestSubnetOptions {
  /** Default 1. */
  netuid?: number;
  /** What the owner sets after registering the subnet, in one block. */
  hyperparameters?: Readonly<Record<string, number | boolean>>;
  /** Hotkey names Bob registers, in this order, in one block (uid 0 is the owner's hotkey, registered with the subnet). */
  neurons?: readonly string[];
  /** Rao Bob stakes on registered names, in the same block as the registrations. */
  stakes?: Readonly<Record<string, bigint>>;
  /** The hotkey of a name (the subnet owner's is `hotkey('owner')`). Default `//Bob/<name>`. */
  hotkey?: (name: string) => Keypair;
}

export interface TestSubnet {
  readonly netuid: number;
  readonly node: ChainNode;
  readonly client: InProcessChainClient;
  /** The hotkey of a name, as `TestSubnetOptions.hotkey`. */
  hot(name: string): Keypair;
  /** Submits the calls (each with its signer's next nonce), seals one block, returns the failed calls' error codes. */
  seal(calls: ReadonlyArray<readonly [Keypair, Call]>): Promise<string[]>;
  /** Closes the client and stops the node. */
  close(): Promise<void>;
}

/**
 * Opens a node that seals only on `produceBlockNow()`, with the subnet set up in up to three
 * blocks (registration; hyperparameters, when any; neurons and stakes, when any). Throws if a
 * setup call fails.
 */
export async function openTestSubnet(options: TestSubnetOptions = {}): Promise<TestSubnet> {
  const netuid = options.netuid ?? 1;
  const hot = options.hotkey ?? ((name: string) => TestChain.key(`Bob/${name}`));
  const node = await ChainNode.open({ sealing: 'manual' });
  const client = new InProcessChainClient(node);
  const seal = async (calls: ReadonlyArray<readonly [Keypair, Call]>): Promise<string[]> => {
    const genesis = await client.genesisHash();
    for (const [key, call] of calls) {
      await client.submit(signExtrinsic(call, key, await client.nextNonce(key.ss58Address), genesis));
    }
    return node
      .produceBlockNow()
      .events.flatMap((e) => (e.type === 'ExtrinsicFailed' ? [e.error as string] : []));
  };
  const setUp = async (what: string, calls: ReadonlyArray<readonly [Keypair, Call]>): Promise<void> => {
    const failed = await seal(calls);
    if (failed.length > 0)
      throw new Error(`setting up the test subnet: ${what} failed: ${failed.join(', ')}`);
  };
  const owner = TestChain.key('Alice');
  const funder = TestChain.key('Bob');
  try {
    await setUp('register_network', [
      [owner, { call: 'register_network', hotkey: hot('owner').ss58Address, netuid }],
    ]);
    const hyperparameters = Object.entries(options.hyperparameters ?? {});
    if (hyperparameters.length > 0) {
      await setUp(
        'set_hyperparameter',
        hyperparameters.map(
          ([name, value]) => [owner, { call: 'set_hyperparameter', netuid, name, value }] as const,
        ),
      );
    }
    const neurons = options.neurons ?? [];
    const stakes = Object.entries(options.stakes ?? {});
    if (neurons.length + stakes.length > 0) {
      await setUp('registering and staking', [
        ...neurons.map(
          (name) => [funder, { call: 'burned_register', netuid, hotkey: hot(name).ss58Address }] as const,
        ),
        ...stakes.map(
          ([name, amount]) => [funder, { call: 'add_stake', hotkey: hot(name).ss58Address, amount }] as const,
        ),
      ]);
    }
  } catch (error) {
    await client.close();
    await node.stop();
    throw error;
  }
  return {
    netuid,
    node,
    client,
    hot,
    seal,
    close: async () => {
      await client.close();
      await node.stop();
    },
  };
}
