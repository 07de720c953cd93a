import { describe, expect, it } from 'vitest';
import { hot, neuronInfo, openSubnet, TAO } from '../test/fixtures';
import { NeuronError } from './errors';
import { Metagraph, raoToTao, u16ToFloat } from './metagraph';

describe('Metagraph.fromNeurons', () => {
  const neurons = [
    neuronInfo(1, {
      stake: 1234n * TAO + 5n,
      incentive: 65535,
      consensus: 32768,
      dividends: 0,
      validator_trust: 13107,
      emission: 2n * TAO + TAO / 2n,
      active: false,
      last_update: 41,
      weights: [
        [0, 100],
        [2, 300],
      ],
      bonds: [[2, 7]],
    }),
    neuronInfo(0, { validator_permit: true, axon_info: null }),
    neuronInfo(2),
  ];

  it('sorts by uid and converts u16 to float and rao to TAO as the SDK does', () => {
    const m = Metagraph.fromNeurons(1, 50, neurons, { lite: false });
    expect(m.n).toBe(3);
    expect(m.block).toBe(50);
    expect(m.uids).toEqual([0, 1, 2]);
    expect(m.hotkeys).toEqual([0, 1, 2].map((u) => hot(`n${u}`).ss58Address));
    expect(m.I).toEqual([0, 1, 0]);
    expect(m.C[1]).toBeCloseTo(32768 / 65535, 12);
    expect(m.Tv[1]).toBeCloseTo(0.2, 12);
    expect(m.S[1]).toBe(1234.000000005);
    expect(m.stakeRao[1]).toBe(1234n * TAO + 5n);
    expect(m.E[1]).toBe(2.5);
    expect(m.active).toEqual([true, false, true]);
    expect(m.last_update[1]).toBe(41);
    expect(m.validator_permit).toEqual([true, false, false]);
  });

  it('builds dense row-normalised weights and raw bonds when not lite', () => {
    const m = Metagraph.fromNeurons(1, 50, neurons, { lite: false });
    expect(m.W[1]).toEqual([0.25, 0, 0.75]);
    expect(m.W[0]).toEqual([0, 0, 0]);
    expect(m.B[1]).toEqual([0, 0, 7]);
    const lite = Metagraph.fromNeurons(1, 50, neurons);
    expect(lite.W).toEqual([]);
    expect(lite.B).toEqual([]);
  });

  it('shows a never-served axon as 0.0.0.0 and looks uids up by hotkey', () => {
    const m = Metagraph.fromNeurons(1, 50, neurons);
    expect(m.axons[0]).toMatchObject({ ip: '0.0.0.0', port: 0, hotkey: hot('n0').ss58Address });
    expect(m.isServing(0)).toBe(false);
    expect(m.servingUids()).toEqual([1, 2]);
    expect(m.uidOf(hot('n2').ss58Address)).toBe(2);
    expect(m.uidOf(hot('stranger').ss58Address)).toBeUndefined();
  });

  it('refuses neurons with a gap in the uids', () => {
    expect(() => Metagraph.fromNeurons(1, 1, [neuronInfo(0), neuronInfo(2)])).toThrow(RangeError);
  });

  it('converts units exactly', () => {
    expect(raoToTao(1n)).toBe(1e-9);
    expect(raoToTao(21_000_000n * TAO)).toBe(21_000_000);
    expect(u16ToFloat(65535)).toBe(1);
  });
});

describe('Metagraph.sync', () => {
  it('reads the subnet at the head and records the block', async () => {
    const subnet = await openSubnet(['a', 'b']);
    try {
      const m = await Metagraph.sync(subnet.client, 1, { lite: false });
      expect(m.block).toBe((await subnet.client.head()).number);
      expect(m.hotkeys).toEqual([hot('owner'), hot('a'), hot('b')].map((k) => k.ss58Address));
      expect(m.W).toHaveLength(3);
      const missing = await Metagraph.sync(subnet.client, 7).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(NeuronError);
      expect((missing as NeuronError).code).toBe('SubnetNotFound');
    } finally {
      await subnet.close();
    }
  });
});
