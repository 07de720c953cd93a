import { ConfigError } from '@subnetkit/core';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, NeuronError } from './errors';
import { runNeuron, stopOnSignals } from './run';

describe('running a neuron as a process', () => {
  it('maps how it ended to an exit code', () => {
    expect(exitCodeFor(new NeuronError('NotRegistered', 'x'))).toBe(78);
    expect(exitCodeFor(new NeuronError('SubnetNotFound', 'x'))).toBe(78);
    expect(exitCodeFor(new ConfigError('InvalidValue', 'x'))).toBe(64);
    expect(exitCodeFor(new Error('boom'))).toBe(1);
  });

  it('stops on the first signal and forces an exit on the second', async () => {
    let stops = 0;
    let forced = 0;
    const dispose = stopOnSignals(
      {
        stop: async () => {
          stops++;
        },
      },
      { signals: ['SIGUSR2'], forceExit: () => forced++ },
    );
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(stops).toBe(1);
    expect(forced).toBe(0);
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(forced).toBe(1);
    dispose();
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });

  it('returns 0 after a clean stop and the error’s code otherwise', async () => {
    let release: () => void = () => undefined;
    const neuron = {
      run: () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      stop: async () => release(),
    };
    const code = runNeuron(neuron, { signals: ['SIGUSR2'] });
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(await code).toBe(0);
    const failing = {
      run: () => Promise.reject(new NeuronError('NotRegistered', 'x')),
      stop: async () => {},
    };
    expect(await runNeuron(failing, { signals: ['SIGUSR2'] })).toBe(78);
  });
});
