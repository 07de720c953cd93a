import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChainEvent, supplyReport } from '@subnetkit/chain';
import { ChainStore, DB_FILE } from '@subnetkit/chain/node';
import { createLogger } from '@subnetkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type Localnet, type NetworkEvent, startLocalnet } from '../src/localnet';
import { VALIDATOR_STAKE } from '../src/plan';
import { freePort } from '../src/ports';

const NETUID = 1;
const EPOCHS_WITH_WEIGHTS = 3;

/** Waits (polling) until `done()` holds. */
async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the local network with the text-generation subnet', () => {
  const basePath = mkdtempSync(join(tmpdir(), 'localnet-e2e-'));
  const lines: string[] = [];
  const events: NetworkEvent[] = [];
  let net: Localnet | undefined;

  afterAll(async () => {
    await net?.stop();
    rmSync(basePath, { recursive: true, force: true });
  });

  it('sets weights, pays miners, validators and the owner each epoch, and reconciles to the rao', async () => {
    net = await startLocalnet({
      subnets: ['text-generation'],
      basePath,
      rpcPort: await freePort(),
      axonBasePort: await freePort(),
      blockTimeMs: 250,
      tempo: 10,
      device: 'cpu',
      logger: createLogger({ level: 'silent' }),
      onLine: (label, line) => lines.push(`[${label}] ${line}`),
    });
    net.onEvent((event) => events.push(event));
    const epochs = () =>
      events.filter(
        (e): e is NetworkEvent & { event: Extract<ChainEvent, { type: 'EpochRun' }> } =>
          e.event.type === 'EpochRun' && e.event.netuid === NETUID && e.event.incentivePaid > 0n,
      );
    try {
      await until(
        () => epochs().length >= EPOCHS_WITH_WEIGHTS,
        150_000,
        `${EPOCHS_WITH_WEIGHTS} epochs paying miners`,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${lines.slice(-40).join('\n')}`);
    }
    expect(net.firstWeights.get(NETUID)).toBeGreaterThan(0);

    const neurons = (await net.chain.neurons(NETUID))!;
    const report = net.reports[0]!;
    const uid = (label: string) => report.uids.get(`text-generation/${label}`)!;
    const byUid = new Map(neurons.map((n) => [n.uid, n]));
    for (const miner of ['miner-1', 'miner-2', 'miner-3']) {
      expect(byUid.get(uid(miner))!.incentive, miner).toBeGreaterThan(0);
      expect(byUid.get(uid(miner))!.stake, miner).toBeGreaterThan(0n);
    }
    const validator = byUid.get(uid('validator-1'))!;
    expect(validator.dividends).toBeGreaterThan(0);
    expect(validator.stake).toBeGreaterThan(VALIDATOR_STAKE);
    expect(validator.last_update).toBeGreaterThan(0);

    await net.stop();
    net = undefined;

    // The stored chain: the owner's balance is what it was sent, less the lock, plus every owner cut.
    const store = ChainStore.open(join(basePath, 'chain', DB_FILE));
    try {
      const state = store.loadState();
      expect(supplyReport(state).balanced).toBe(true);
      const owner = report.owner;
      let expected = 0n;
      let ownerCuts = 0n;
      for (const block of store.blocksRange(0, state.block)) {
        for (const event of block.events) {
          if (event.type === 'Transfer' && event.to === owner) expected += event.amount;
          if (event.type === 'NetworkRegistered' && event.netuid === NETUID) expected -= event.lockCost;
          if (event.type === 'EpochRun' && event.netuid === NETUID) ownerCuts += event.ownerPaid;
        }
      }
      expect(ownerCuts).toBeGreaterThan(0n);
      expect(state.accounts.get(owner)!.free).toBe(expected + ownerCuts);
    } finally {
      store.close();
    }
  }, 240_000);
});
