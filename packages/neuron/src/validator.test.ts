import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { TestChain } from '@subnetkit/chain/testing';
import { Axon, Dendrite, defineSynapse } from '@subnetkit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlakyChain, hot, openSubnet, type Subnet, silent, TAO, until } from '../test/fixtures';
import { seededRng } from './sampling';
import { BaseValidator, type BaseValidatorOptions, type ValidatorTask } from './validator';

const Echo = defineSynapse({
  name: 'Echo',
  request: { text: Type.String() },
  response: { echoed: Type.String() },
  hashFields: ['text'],
});

/** Rewards every response 1: the validator must still zero the failed calls. */
const generous: ValidatorTask<typeof Echo, string> = {
  synapse: Echo,
  forward: ({ step }) => ({ input: { text: `step ${step}` }, expected: `step ${step}` }),
  reward: (_challenge, responses) => responses.map(() => 1),
};

let subnet: Subnet;
let axon: Axon;
let blocks: NodeJS.Timeout;
let dir: string;
const uids = { validator: 1, good: 2, dead: 3 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'neuron-validator-'));
  subnet = await openSubnet(['validator', 'good', 'dead'], { tempo: 2, weights_rate_limit: 6 });
  axon = new Axon({
    hotkey: hot('good'),
    axon: { ip: '127.0.0.1', port: 0 },
    logger: silent,
    metrics: false,
  });
  axon.attach(Echo, { forward: (input) => ({ echoed: input.text }) });
  const port = await axon.listen();
  const serve = (name: string, p: number) =>
    [
      hot(name),
      { call: 'serve_axon', netuid: 1, version: 1, ip: '127.0.0.1', port: p, ip_type: 4, protocol: 4 },
    ] as const;
  expect(
    await subnet.seal([
      [TestChain.key('Bob'), { call: 'add_stake', hotkey: hot('validator').ss58Address, amount: 100n * TAO }],
      [...serve('good', port)],
      // Nothing listens on port 9: a miner that died after serving.
      [...serve('dead', 9)],
    ]),
  ).toEqual([]);
  blocks = setInterval(() => {
    if (!subnet.node.stopped) subnet.node.produceBlockNow();
  }, 20);
});

afterAll(async () => {
  clearInterval(blocks);
  await axon.close({ graceMs: 10 });
  await subnet.close();
  rmSync(dir, { recursive: true, force: true });
});

function validator(options: Partial<BaseValidatorOptions<typeof Echo, string>> = {}) {
  return new BaseValidator({
    netuid: 1,
    hotkey: hot('validator'),
    chain: subnet.client,
    dendrite: new Dendrite({ keypair: hot('validator'), logger: silent }),
    task: generous,
    logger: silent,
    alpha: 0.5,
    timeout: 2,
    rng: seededRng(1),
    pollIntervalMs: 5,
    ...options,
  });
}

describe('BaseValidator', () => {
  it('queries the serving miners but not itself, and scores failed calls 0 whatever reward says', async () => {
    const v = validator();
    await v.sync();
    const report = (await v.forwardStep())!;
    expect(report.uids).toEqual([uids.good, uids.dead]);
    expect(report.statusCodes[0]).toBe(200);
    expect(report.statusCodes[1]).not.toBe(200);
    expect(report.rewards).toEqual([1, 0]);
    expect(v.scores[uids.good]).toBe(0.5);
    expect(v.scores[uids.dead]).toBe(0);
    expect(v.step).toBe(1);
    await v.dendrite.close();
  });

  it('sets weights once it holds a permit, then skips inside the rate limit without submitting', async () => {
    const v = validator();
    const validatorNeuron = () => subnet.node.state.subnets.get(1)!.neurons[uids.validator]!;
    await until(() => validatorNeuron().validatorPermit, 5000, 'permit');
    // Registration counts as the last update: wait out the rate limit (6 blocks) from it.
    await until(() => subnet.node.head().number >= validatorNeuron().lastUpdate + 6, 5000, 'rate limit');
    await v.sync();
    await v.forwardStep();
    const head = (await subnet.client.head()).number;
    const set = await v.setWeights(head);
    expect(set).toMatchObject({ action: 'set', uids: [uids.good], weights: [65535] });
    const stored = subnet.node.state.subnets.get(1)!.neurons[uids.validator]!;
    expect(stored.weights).toEqual([[uids.good, 65535]]);
    const nonce = (await subnet.client.account(hot('validator').ss58Address)).nonce;
    const again = await v.setWeights((await subnet.client.head()).number);
    expect(again).toMatchObject({ action: 'skip', reason: 'RateLimited' });
    expect((await subnet.client.account(hot('validator').ss58Address)).nonce).toBe(nonce);
    expect(v.weightsDue(v.lastWeightsBlock + 1)).toBe(false);
    await v.dendrite.close();
  });

  it('resets the score of a uid whose hotkey changed at a resync, and keeps the others', async () => {
    class SwappingChain extends FlakyChain {
      swapped = false;
      override async neurons(...args: Parameters<FlakyChain['neurons']>) {
        const neurons = await super.neurons(...args);
        if (this.swapped) neurons![uids.good]!.hotkey = hot('newcomer').ss58Address;
        return neurons;
      }
    }
    const chain = new SwappingChain(subnet.client);
    const v = validator({ chain });
    await v.sync();
    await v.forwardStep();
    expect(v.scores[uids.good]).toBe(0.5);
    chain.swapped = true;
    await v.sync();
    expect(v.scores[uids.good]).toBe(0);
    expect(v.hotkeys[uids.good]).toBe(hot('newcomer').ss58Address);
    expect(v.scores).toHaveLength(v.metagraph.n);
    await v.dendrite.close();
  });

  it('saves state atomically and reloads it, resetting a uid whose hotkey changed meanwhile', async () => {
    const statePath = join(dir, 'state.json');
    const first = validator({ statePath });
    await first.sync();
    await first.forwardStep();
    await first.forwardStep();
    first.saveState();
    await first.dendrite.close();
    const saved = JSON.parse(readFileSync(statePath, 'utf8'));
    expect(saved).toMatchObject({ version: 1, netuid: 1, step: 2, scores: [0, 0, 0.75, 0] });

    // Pretend uid 2 belonged to another hotkey when the state was saved.
    saved.hotkeys[uids.good] = hot('someone-else').ss58Address;
    saved.scores[uids.dead] = 0.4;
    writeFileSync(statePath, JSON.stringify(saved));
    const second = validator({ statePath });
    await second.sync();
    expect(second.loadState()).toBe(true);
    expect(second.step).toBe(2);
    expect(second.scores[uids.good]).toBe(0);
    expect(second.scores[uids.dead]).toBe(0.4);
    await second.dendrite.close();

    writeFileSync(statePath, '{not json');
    const third = validator({ statePath });
    await third.sync();
    expect(third.loadState()).toBe(false);
    expect(third.step).toBe(0);
    await third.dendrite.close();
  });

  it('keeps running through an unreachable chain: logs, backs off, and carries on', async () => {
    const chain = new FlakyChain(subnet.client);
    const v = validator({ chain, backoff: { minMs: 5, maxMs: 20 }, statePath: join(dir, 'flaky.json') });
    const run = v.run();
    await until(() => v.step >= 1, 10_000, 'first step');
    chain.down = true;
    await until(() => chain.failures >= 5, 5000, 'failures');
    const during = v.step;
    chain.down = false;
    await until(() => v.step > during, 10_000, 'a step after the chain came back');
    expect(v.running).toBe(true);
    await v.stop();
    await run;
    expect(v.running).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'flaky.json'), 'utf8')).step).toBe(v.step);
  });

  it('waits for the chain at start instead of crashing', async () => {
    const chain = new FlakyChain(subnet.client);
    chain.down = true;
    const v = validator({ chain, backoff: { minMs: 5, maxMs: 10 } });
    const run = v.run();
    await until(() => chain.failures >= 3, 5000, 'failed first syncs');
    expect(v.running).toBe(false);
    chain.down = false;
    await until(() => v.running, 5000, 'started after the chain came back');
    await v.stop();
    await run;
  });
});
