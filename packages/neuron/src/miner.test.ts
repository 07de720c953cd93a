import { Type } from '@sinclair/typebox';
import type { ChainClient } from '@subnetkit/chain';
import { TestChain } from '@subnetkit/chain/testing';
import { Axon, Dendrite, defineSynapse } from '@subnetkit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlakyChain, hot, openSubnet, type Subnet, silent, TAO, until } from '../test/fixtures';
import { exitCodeFor, NeuronError } from './errors';
import { BaseMiner, type BaseMinerOptions } from './miner';

const Echo = defineSynapse({
  name: 'Echo',
  request: { text: Type.String() },
  response: { echoed: Type.String() },
  hashFields: ['text'],
  timeout: 5,
});

class CountingChain extends FlakyChain {
  neuronsCalls = 0;
  override async neurons(...args: Parameters<ChainClient['neurons']>) {
    this.neuronsCalls++;
    return super.neurons(...args);
  }
}

/** A chain that takes extrinsics and never includes them, as a stalled node would. */
class StalledChain extends FlakyChain {
  submitted = 0;
  override async submitAndWait(): Promise<never> {
    this.submitted++;
    return new Promise<never>(() => undefined);
  }
}

let subnet: Subnet;
let blocks: NodeJS.Timeout;

beforeAll(async () => {
  subnet = await openSubnet(['miner', 'validator', 'other'], { tempo: 2, serving_rate_limit: 0 });
  expect(
    await subnet.seal([
      [TestChain.key('Bob'), { call: 'add_stake', hotkey: hot('validator').ss58Address, amount: 100n * TAO }],
    ]),
  ).toEqual([]);
  blocks = setInterval(() => {
    if (!subnet.node.stopped) subnet.node.produceBlockNow();
  }, 20);
});

afterAll(async () => {
  clearInterval(blocks);
  await subnet.close();
});

function miner(options: Partial<BaseMinerOptions> & { port?: number; ip?: string } = {}): BaseMiner {
  const hotkey = options.hotkey ?? hot('miner');
  const axon =
    options.axon ??
    new Axon({
      hotkey,
      axon: { ip: options.ip ?? '127.0.0.1', port: options.port ?? 0 },
      logger: silent,
      metrics: false,
    });
  return new BaseMiner({
    netuid: 1,
    hotkey,
    chain: subnet.client,
    axon,
    logger: silent,
    pollIntervalMs: 5,
    closeGraceMs: 10,
    ...options,
  }).attach(Echo, { forward: (input) => ({ echoed: input.text }) });
}

describe('BaseMiner', () => {
  it('refuses to start when its hotkey is not registered, with an exit code that stops restarts', async () => {
    const error = await miner({ hotkey: hot('nobody') })
      .run()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeuronError);
    expect((error as NeuronError).code).toBe('NotRegistered');
    expect((error as NeuronError).message).toContain('not registered on subnet 1');
    expect(exitCodeFor(error)).toBe(78);
  });

  it('refuses to announce an address nobody can dial', async () => {
    const error = await miner({ ip: '0.0.0.0' })
      .run()
      .catch((e: unknown) => e);
    expect((error as NeuronError).code).toBe('InvalidAxonAddress');
  });

  it('serves its axon on chain only when the address changed', async () => {
    const address = hot('miner').ss58Address;
    const nonce = async () => (await subnet.client.account(address)).nonce;
    const first = miner();
    const run = first.run();
    await until(() => first.running && first.metagraph.isServing(first.uid!), 5000, 'served axon');
    const port = first.axon.port;
    expect(first.metagraph.axons[first.uid!]).toMatchObject({ ip: '127.0.0.1', port });
    const served = await nonce();
    await first.stop();
    await run;

    const second = miner({ port });
    const again = second.run();
    await until(() => second.running, 5000, 'second miner');
    expect(second.needsServing()).toBe(false);
    expect(await nonce()).toBe(served);
    await second.stop();
    await again;
  });

  it('answers registered callers, refuses others with 403, and can require a validator permit', async () => {
    const open = miner();
    const run = open.run();
    await until(() => open.running && !open.needsServing(), 5000, 'miner serving');
    const target = { ip: '127.0.0.1', port: open.axon.port, hotkey: hot('miner').ss58Address };
    const ask = async (name: string) => {
      const dendrite = new Dendrite({ keypair: hot(name), logger: silent });
      try {
        return await dendrite.call(target, Echo, { text: 'hi' });
      } finally {
        await dendrite.close();
      }
    };
    const answered = await ask('other');
    expect(answered.isSuccess && answered.response.echoed).toBe('hi');
    const stranger = await ask('nobody');
    expect(stranger.statusCode).toBe(403);
    expect(stranger.statusMessage).toContain('Unrecognized hotkey');
    // The axon keeps serving after a refusal.
    expect((await ask('validator')).statusCode).toBe(200);
    await open.stop();
    await run;

    await until(
      () => subnet.node.state.subnets.get(1)!.neurons[2]!.validatorPermit,
      5000,
      'validator permit',
    );
    const strict = miner({ blacklist: { forceValidatorPermit: true }, port: target.port });
    const strictRun = strict.run();
    await until(() => strict.running, 5000, 'strict miner');
    const miner2 = await ask('other');
    expect(miner2.statusCode).toBe(403);
    expect(miner2.statusMessage).toContain('Non-validator hotkey');
    expect((await ask('validator')).statusCode).toBe(200);
    await strict.stop();
    await strictRun;
  });

  it('ends run() with NotRegistered when a resync finds its hotkey gone, and closes the axon', async () => {
    class Deregistering extends FlakyChain {
      gone = false;
      override async neurons(...args: Parameters<ChainClient['neurons']>) {
        const neurons = await super.neurons(...args);
        if (this.gone) neurons![1]!.hotkey = hot('replacement').ss58Address;
        return neurons;
      }
    }
    const chain = new Deregistering(subnet.client);
    const m = miner({ chain, epochLength: 2 });
    const run = m.run().catch((e: unknown) => e);
    await until(() => m.running, 5000, 'miner running');
    chain.gone = true;
    const error = await run;
    expect((error as NeuronError).code).toBe('NotRegistered');
    expect(m.running).toBe(false);
    expect(m.axon.server.server.listening).toBe(false);
  });

  it('stops at once while waiting for serve_axon to be included', async () => {
    const chain = new StalledChain(subnet.client);
    const m = miner({ chain, inclusionTimeoutMs: 60_000 });
    const run = m.run();
    await until(() => chain.submitted === 1, 5000, 'serve_axon submitted');
    const started = performance.now();
    await m.stop();
    await run;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(m.axon.server.server.listening).toBe(false);
  });

  it('ranks callers by stake', async () => {
    const m = miner();
    await m.sync();
    const call = (name: string) =>
      ({ dendrite: { hotkey: hot(name).ss58Address } }) as Parameters<BaseMiner['priority']>[0];
    expect(m.priority(call('validator'))).toBeGreaterThanOrEqual(100);
    expect(m.priority(call('other'))).toBe(0);
    expect(m.priority(call('nobody'))).toBe(0);
  });

  it('resyncs once per epoch length, not on every poll (the classic busy-resync bug)', async () => {
    const chain = new CountingChain(subnet.client);
    const m = miner({ chain, epochLength: 10 });
    const run = m.run();
    await until(() => m.running, 5000, 'miner running');
    const start = m.block;
    chain.neuronsCalls = 0;
    await until(() => m.block >= start + 40, 10_000, '40 blocks');
    await m.stop();
    await run;
    // 40 blocks at one resync per 10 blocks; polls happened every 5 ms, hundreds of them.
    expect(chain.neuronsCalls).toBeGreaterThanOrEqual(3);
    expect(chain.neuronsCalls).toBeLessThanOrEqual(5);
  });
});
