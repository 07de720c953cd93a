import type { NeuronInfo, SubnetInfo } from '@subnetkit/chain';
import { DEFAULT_HYPERPARAMETERS } from '@subnetkit/chain';
import { neuronInfo } from '@subnetkit/chain/testing';
import { describe, expect, it } from 'vitest';
import { formatMetagraph, shortKey, toMetagraphJson } from './metagraph';

const subnet: SubnetInfo = {
  netuid: 3,
  owner_coldkey: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  owner_hotkey: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
  registered_at: 1,
  n: 2,
  burn: 1n,
  last_epoch_block: 360,
  pending_emission: 0n,
  pending_owner_cut: 0n,
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
};

const neuron = (uid: number, over: Partial<NeuronInfo> = {}): NeuronInfo =>
  neuronInfo(uid, { netuid: 3, hotkey: `hot${uid}`, coldkey: `cold${uid}`, ...over });

describe('metagraph views', () => {
  it('turn u16 into floats, rao into TAO and sparse rows into dense n×n matrices', () => {
    const neurons = [
      neuron(1, { incentive: 65535, emission: 1_500_000_000n, weights: [], bonds: [] }),
      neuron(0, {
        stake: 2_000_000_000_123n,
        validator_permit: true,
        dividends: 32768,
        weights: [[1, 65535]],
        bonds: [[1, 13107]],
        axon_info: { block: 5, version: 2, ip: '1.2.3.4', port: 8091, ipType: 4, protocol: 4 },
      }),
    ];
    const json = toMetagraphJson(subnet, neurons, 400);
    expect(json).toMatchObject({
      n: 2,
      uids: [0, 1],
      stake: [2000.000000123, 0],
      incentive: [0, 1],
      dividends: [32768 / 65535, 0],
      emission: [0, 1.5],
      validator_permit: [true, false],
      addresses: ['/ipv4/1.2.3.4:8091', '/ipv4/0.0.0.0:0'],
      weights: [
        [0, 1],
        [0, 0],
      ],
      bonds: [
        [0, 0.2],
        [0, 0],
      ],
      last_step: 360,
      blocks_since_last_step: 40,
    });
    expect(toMetagraphJson(subnet, [neuron(0)], 400).weights).toEqual([]);
  });

  it('format a table with a summary line', () => {
    const text = formatMetagraph(subnet, [neuron(0, { stake: 1_234_567_890n })], 400);
    expect(text).toMatch(/^Metagraph: netuid 3, block 400, n 1\/256, stake τ1\.2346/);
    expect(text).toContain('1.2346');
    expect(formatMetagraph(subnet, [], 400)).toContain('(no neurons registered)');
    expect(shortKey(subnet.owner_coldkey)).toBe('5Grwva…utQY');
  });
});
