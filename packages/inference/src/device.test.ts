import { describe, expect, it } from 'vitest';
import { chooseDevice, probeCuda, selectDevice } from './device';
import { InferenceError } from './errors';

const present = { available: true, reason: 'onnxruntime-node loaded its CUDA provider' };
const absent = { available: false, reason: 'the CUDA provider library is not installed' };

describe('chooseDevice', () => {
  it('takes CUDA for auto when the probe found it, the CPU otherwise, saying why', () => {
    expect(chooseDevice('auto', present)).toEqual({ device: 'cuda', reason: present.reason });
    const fallback = chooseDevice('auto', absent);
    expect(fallback.device).toBe('cpu');
    expect(fallback.reason).toContain(absent.reason);
  });

  it('refuses cuda when it is not there, with what to do', () => {
    expect(chooseDevice('cuda', present).device).toBe('cuda');
    try {
      chooseDevice('cuda', absent);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InferenceError);
      expect((error as InferenceError).code).toBe('CudaUnavailable');
      expect((error as Error).message).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12');
      expect((error as Error).message).toContain('--neuron.device cpu');
    }
  });

  it('runs on the CPU when asked, whatever the probe says', () => {
    expect(chooseDevice('cpu', present).device).toBe('cpu');
  });
});

describe('selectDevice on this machine', () => {
  it('agrees with the real probe: auto falls back to the CPU where CUDA cannot load', async () => {
    const probe = await probeCuda();
    expect(probe.reason.length).toBeGreaterThan(0);
    const auto = await selectDevice('auto');
    expect(auto.device).toBe(probe.available ? 'cuda' : 'cpu');
    if (!probe.available) {
      await expect(selectDevice('cuda')).rejects.toMatchObject({ code: 'CudaUnavailable' });
    }
  });
});
