import { describe, expect, it, vi } from 'vitest';
import type { Localnet } from './localnet';
import { main, parseDuration, parseLocalnetArgs } from './main';

describe('parseLocalnetArgs', () => {
  it('reads every flag', () => {
    expect(
      parseLocalnetArgs([
        '--subnets',
        'text-generation, speech',
        '--base-path',
        './net',
        '--block-time',
        '250ms',
        '--tempo',
        '10',
        '--miners',
        '2',
        '--rpc-port',
        '9955',
        '--axon-port',
        '9000',
        '--device',
        'cpu',
        '--online',
      ]),
    ).toEqual({
      subnets: ['text-generation', 'speech'],
      basePath: './net',
      blockTimeMs: 250,
      tempo: 10,
      miners: 2,
      rpcPort: 9955,
      axonBasePort: 9000,
      device: 'cpu',
      online: true,
      verbose: false,
    });
    expect(parseLocalnetArgs([])).toEqual({ subnets: [], online: false, verbose: false });
    expect(parseLocalnetArgs(['-h'])).toBe('help');
  });

  it('names the flag at fault', () => {
    expect(() => parseLocalnetArgs(['--tempo', '0'])).toThrow(/--tempo must be a whole number ≥ 1/);
    expect(() => parseLocalnetArgs(['--device', 'tpu'])).toThrow(/--device must be auto, cuda or cpu/);
    expect(() => parseLocalnetArgs(['--block-time', 'fast'])).toThrow(/--block-time takes e\.g\. 250ms/);
    expect(() => parseLocalnetArgs(['--nope'])).toThrow(/nope/);
  });
});

describe('parseDuration', () => {
  it('reads ms and s', () => {
    expect(parseDuration('t', '250')).toBe(250);
    expect(parseDuration('t', '1.5s')).toBe(1500);
    expect(parseDuration('t', undefined)).toBeUndefined();
  });
});

describe('main', () => {
  it('stops what startup started when a signal arrives during startup', async () => {
    const stopNet = vi.fn(async () => {});
    let started!: (net: Localnet) => void;
    const start = vi.fn(() => new Promise<Localnet>((resolve) => (started = resolve)));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const exited = main(['--device', 'cpu'], start);
      expect(start).toHaveBeenCalledOnce();
      process.emit('SIGTERM');
      started({ stop: stopNet } as unknown as Localnet);
      expect(await exited).toBe(0);
      expect(stopNet).toHaveBeenCalledOnce();
    } finally {
      write.mockRestore();
    }
  });

  it('runs until a signal, then stops the network', async () => {
    const stopNet = vi.fn(async () => {});
    const net = { plan: { endpoint: 'ws://127.0.0.1:9944', subnets: [] }, basePath: '/tmp/net', reports: [] };
    const start = vi.fn(async () => ({ ...net, onEvent: () => {}, stop: stopNet }) as unknown as Localnet);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const exited = main([], start);
      await vi.waitFor(() => expect(write).toHaveBeenCalledWith(expect.stringContaining('is running')));
      expect(stopNet).not.toHaveBeenCalled();
      process.emit('SIGTERM');
      expect(await exited).toBe(0);
      expect(stopNet).toHaveBeenCalledOnce();
    } finally {
      write.mockRestore();
    }
  });
});
