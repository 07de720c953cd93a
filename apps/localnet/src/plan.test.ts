import { describe, expect, it } from 'vitest';
import type { SubnetWorkspace } from './manifest';
import { localHyperparameters, planNetwork, VALIDATOR_STAKE } from './plan';

const text: SubnetWorkspace = {
  name: 'text-generation',
  dir: '/repo/subnets/text-generation',
  manifest: {
    netuid: 1,
    miner: {
      bin: 'bin/miner.js',
      count: 2,
      args: ['--neuron.timeout=5'],
      offlineArgs: ['--model={models}/tiny-gpt2'],
      onlineArgs: ['--model=Xenova/distilgpt2'],
    },
    validator: { bin: 'bin/validator.js', count: 1, offlineArgs: ['--model={models}/tiny-gpt2'] },
    hyperparameters: { kappa: 30000 },
  },
};
const speech: SubnetWorkspace = {
  ...text,
  name: 'speech-to-text',
  dir: '/repo/subnets/speech-to-text',
  manifest: { ...text.manifest, netuid: 11, hyperparameters: {} },
};
const options = {
  basePath: '/run',
  rpcPort: 9944,
  axonBasePort: 8091,
  tempo: 20,
  online: false,
  device: 'cpu',
};

describe('planNetwork', () => {
  it('gives every neuron a wallet, btcli-style flags and its own axon port', () => {
    const plan = planNetwork([text, speech], options);
    expect(plan.endpoint).toBe('ws://127.0.0.1:9944');
    const [first, second] = plan.subnets;
    expect(first!.neurons.map((n) => n.label)).toEqual([
      'text-generation/validator-1',
      'text-generation/miner-1',
      'text-generation/miner-2',
    ]);
    expect(second!.neurons.flatMap((n) => n.axonPort ?? [])).toEqual([8093, 8094]);
    const miner = first!.neurons[1]!;
    expect(miner.script).toBe('/repo/subnets/text-generation/bin/miner.js');
    expect(miner.args).toEqual([
      '--netuid=1',
      '--wallet.name=text-generation-miner-1',
      '--wallet.hotkey=default',
      '--wallet.path=/run/wallets',
      '--subtensor.chain_endpoint=ws://127.0.0.1:9944',
      '--neuron.device=cpu',
      '--neuron.epoch_length=10',
      '--neuron.full_path=/run/neurons/text-generation/miner-1',
      '--axon.port=8091',
      '--neuron.timeout=5',
      '--model=/run/models/tiny-gpt2',
    ]);
    const validator = first!.neurons[0]!;
    expect(validator.axonPort).toBeUndefined();
    expect(validator.stake).toBe(VALIDATOR_STAKE);
    expect(miner.stake).toBe(0n);
  });

  it('uses the online flags with --online and the miner count override', () => {
    const plan = planNetwork([text], { ...options, online: true, miners: 4 });
    const miners = plan.subnets[0]!.neurons.filter((n) => n.role === 'miner');
    expect(miners).toHaveLength(4);
    expect(miners[0]!.args.at(-1)).toBe('--model=Xenova/distilgpt2');
  });

  it('puts the manifest hyperparameters after the local ones', () => {
    const plan = planNetwork([text], options);
    expect(plan.subnets[0]!.hyperparameters).toEqual([...localHyperparameters(20), ['kappa', 30000]]);
    expect(plan.subnets[0]!.ownerWallet).toBe('text-generation-owner');
  });
});
