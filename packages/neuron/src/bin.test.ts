import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, createLogger, type Logger, Wallet, WalletError } from '@subnetkit/core';
import { InferenceError } from '@subnetkit/inference';
import { describe, expect, it } from 'vitest';
import { failure, neuronLogger, type Output, parseFlags, runBin, walletHotkey } from './bin';
import { minerConfigOptions } from './config';
import { EXIT_CONFIG, EXIT_USAGE, NeuronError } from './errors';

function capture(): Output & { text: { out: string; err: string } } {
  const text = { out: '', err: '' };
  return {
    text,
    out: (line) => {
      text.out += line;
    },
    err: (line) => {
      text.err += line;
    },
  };
}

/** A logger that keeps its JSON lines. */
function recording(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ json: true, destination: { write: (line) => lines.push(JSON.parse(line)) } });
  return { logger, lines };
}

describe('parseFlags', () => {
  it('returns the parsed config', () => {
    const output = capture();
    const config = parseFlags(minerConfigOptions, ['--netuid', '3', '--axon.port', '8100'], 'usage', output);
    expect(typeof config).toBe('object');
    if (typeof config === 'number') return;
    expect(config.netuid).toBe(3);
    expect(config.axon.port).toBe(8100);
    expect(output.text).toEqual({ out: '', err: '' });
  });

  it('prints the usage and the flags on --help and returns 0', () => {
    const output = capture();
    expect(parseFlags(minerConfigOptions, ['--help'], 'my-miner --netuid N', output)).toBe(0);
    expect(output.text.out).toContain('my-miner --netuid N');
    expect(output.text.out).toContain('--wallet.hotkey');
    expect(output.text.err).toBe('');
  });

  it('returns 64 on a flag it does not know, naming the one meant', () => {
    const output = capture();
    expect(parseFlags(minerConfigOptions, ['--axon.prot', '1'], 'usage', output)).toBe(EXIT_USAGE);
    expect(output.text.err).toContain('--axon.port');
  });
});

describe('neuronLogger', () => {
  it('takes its level from --logging.*', () => {
    expect(neuronLogger({ logging: { json: true } }, 'text-miner').level).toBe('info');
    expect(neuronLogger({ logging: { debug: true, json: true } }, 'text-miner').level).toBe('debug');
  });
});

describe('walletHotkey', () => {
  it('reads the hotkey the wallet flags name, and fails with a WalletError when there is none', async () => {
    const path = await mkdtemp(join(tmpdir(), 'neuron-bin-'));
    try {
      const written = await new Wallet({ path, name: 'w', hotkey: 'h' }).regenerateHotkey({ uri: '//Bob' });
      const hotkey = await walletHotkey({ path, name: 'w', hotkey: 'h' });
      expect(hotkey.ss58Address).toBe(written.ss58Address);
      await expect(walletHotkey({ path, name: 'w', hotkey: 'other' })).rejects.toBeInstanceOf(WalletError);
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });
});

describe('failure', () => {
  it('logs the error as fatal and returns its exit code', () => {
    const { logger, lines } = recording();
    expect(failure(new NeuronError('NotRegistered', 'not registered'), logger)).toBe(EXIT_CONFIG);
    expect(lines).toMatchObject([{ level: 'fatal', msg: 'not registered' }]);
    expect(failure(new ConfigError('InvalidValue', 'x'), logger)).toBe(EXIT_USAGE);
    expect(failure(new Error('boom'), logger)).toBe(1);
    expect(failure('a string', logger)).toBe(1);
    expect(lines.at(-1)).toMatchObject({ level: 'fatal', msg: 'a string' });
  });

  it('treats a model or device the user must fix as a setup error (78), other model failures as 1', () => {
    const { logger } = recording();
    for (const code of [
      'ModelNotFound',
      'MissingModelFiles',
      'UnsupportedDtype',
      'CudaUnavailable',
    ] as const) {
      expect(failure(new InferenceError(code, 'x'), logger)).toBe(EXIT_CONFIG);
    }
    expect(failure(new InferenceError('ModelLoadFailed', 'x'), logger)).toBe(1);
  });
});

describe('runBin', () => {
  it('runs what start builds, then closes what it opened, the last first', async () => {
    const path = await mkdtemp(join(tmpdir(), 'neuron-bin-'));
    try {
      const written = await new Wallet({ path, name: 'w', hotkey: 'h' }).regenerateHotkey({ uri: '//Bob' });
      const argv = ['--wallet.path', path, '--wallet.name', 'w', '--wallet.hotkey', 'h', '--netuid', '4'];
      const events: string[] = [];
      const code = await runBin(
        { options: minerConfigOptions, usage: 'u', name: 'test' },
        argv,
        capture(),
        async (context) => {
          expect(context.hotkey.ss58Address).toBe(written.ss58Address);
          expect(context.config.netuid).toBe(4);
          context.onClose(() => {
            events.push('first opened, closed last');
          });
          context.onClose(async () => {
            events.push('closed first');
          });
          return { run: async () => void events.push('ran'), stop: async () => undefined };
        },
      );
      expect(code).toBe(0);
      expect(events).toEqual(['ran', 'closed first', 'first opened, closed last']);

      const closed: string[] = [];
      const failed = await runBin(
        { options: minerConfigOptions, usage: 'u', name: 'test' },
        [...argv, '--logging.json'],
        capture(),
        async ({ onClose }) => {
          onClose(() => void closed.push('model'));
          throw new InferenceError('ModelNotFound', 'no such model');
        },
      );
      expect(failed).toBe(EXIT_CONFIG);
      expect(closed).toEqual(['model']);
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });

  it('runs every cleanup when one fails, and exits 1 instead of rejecting', async () => {
    const path = await mkdtemp(join(tmpdir(), 'neuron-bin-'));
    try {
      await new Wallet({ path, name: 'w', hotkey: 'h' }).regenerateHotkey({ uri: '//Bob' });
      const argv = ['--wallet.path', path, '--wallet.name', 'w', '--wallet.hotkey', 'h', '--logging.json'];
      const closed: string[] = [];
      const code = await runBin(
        { options: minerConfigOptions, usage: 'u', name: 'test' },
        argv,
        capture(),
        async ({ onClose }) => {
          onClose(() => void closed.push('model'));
          onClose(async () => {
            throw new Error('chain would not close');
          });
          return { run: async () => undefined, stop: async () => undefined };
        },
      );
      expect(code).toBe(1);
      expect(closed).toEqual(['model']);
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });

  it('answers --help and bad flags without starting anything', async () => {
    const start = async () => {
      throw new Error('started');
    };
    const spec = { options: minerConfigOptions, usage: 'u', name: 'test' };
    expect(await runBin(spec, ['--help'], capture(), start)).toBe(0);
    expect(await runBin(spec, ['--nope'], capture(), start)).toBe(EXIT_USAGE);
  });
});
