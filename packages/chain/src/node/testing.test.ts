import { describe, expect, it } from 'vitest';
import { TestChain } from '../testing';
import { openTestSubnet } from './testing';

const TAO = 1_000_000_000n;

describe('openTestSubnet', () => {
  it('registers the subnet, sets its hyperparameters, registers and stakes the neurons in order after the owner’s hotkey', async () => {
    const subnet = await openTestSubnet({
      netuid: 2,
      hyperparameters: { tempo: 8, max_registrations_per_block: 4 },
      neurons: ['validator', 'miner'],
      stakes: { validator: 10n * TAO },
    });
    try {
      expect(subnet.hot('miner').ss58Address).toBe(TestChain.key('Bob/miner').ss58Address);
      expect((await subnet.client.head()).number).toBe(3);
      const info = await subnet.client.subnet(2);
      expect(info?.hyperparameters).toMatchObject({ tempo: 8, max_registrations_per_block: 4 });
      const neurons = (await subnet.client.neurons(2)) ?? [];
      expect(neurons.map((n) => n.hotkey)).toEqual([
        subnet.hot('owner').ss58Address,
        subnet.hot('validator').ss58Address,
        subnet.hot('miner').ss58Address,
      ]);
      expect(neurons[1]!.stake).toBeGreaterThanOrEqual(10n * TAO);
      // seal returns the error codes of the calls that failed.
      const failed = await subnet.seal([
        [TestChain.key('Bob'), { call: 'burned_register', netuid: 9, hotkey: subnet.hot('x').ss58Address }],
      ]);
      expect(failed).toHaveLength(1);
    } finally {
      await subnet.close();
    }
  });

  it('throws when a setup call fails, naming it', async () => {
    await expect(openTestSubnet({ neurons: ['a', 'b'] })).rejects.toThrow(/registering and staking failed/);
  });
});
