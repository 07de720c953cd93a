import { homedir } from 'node:os';
import { join } from 'node:path';
import { formatHelp, parseConfig } from '@subnetkit/core';
import { describe, expect, it } from 'vitest';
import {
  minerConfigOptions,
  minerSettings,
  neuronFullPath,
  validatorConfigOptions,
  validatorSettings,
} from './config';

describe('neuron flags', () => {
  it('has the template defaults', () => {
    const { config } = parseConfig(validatorConfigOptions, { argv: [], env: {} });
    expect(config.netuid).toBe(1);
    expect(config.neuron).toMatchObject({
      epoch_length: 100,
      timeout: 10,
      sample_size: 50,
      moving_average_alpha: 0.1,
      disable_set_weights: false,
      vpermit_tao_limit: 4096,
    });
    const miner = parseConfig(minerConfigOptions, { argv: [], env: {} }).config;
    expect(miner.blacklist).toEqual({ force_validator_permit: false, allow_non_registered: false });
    expect(miner.axon.port).toBe(8091);
  });

  it('reads dotted flags, with BT_* environment defaults under them', () => {
    const { config } = parseConfig(minerConfigOptions, {
      argv: [
        '--netuid',
        '11',
        '--wallet.name',
        'm',
        '--axon.external_ip',
        '203.0.113.7',
        '--axon.external_port',
        '40000',
        '--blacklist.force_validator_permit',
      ],
      env: { BT_NEURON_EPOCH_LENGTH: '25', BT_NETUID: '3', BT_BLACKLIST_ALLOW_NON_REGISTERED: 'true' },
    });
    expect(config.netuid).toBe(11);
    expect(config.axon).toMatchObject({ external_ip: '203.0.113.7', external_port: 40000 });
    expect(minerSettings(config)).toEqual({
      netuid: 11,
      epochLength: 25,
      blacklist: { forceValidatorPermit: true, allowNonRegistered: true },
    });
  });

  it('refuses values outside their range', () => {
    expect(() =>
      parseConfig(validatorConfigOptions, { argv: ['--neuron.moving_average_alpha', '1.5'], env: {} }),
    ).toThrow(/moving_average_alpha/);
    expect(() =>
      parseConfig(validatorConfigOptions, { argv: ['--neuron.sample_size', '0'], env: {} }),
    ).toThrow();
  });

  it('puts state under the template’s full path unless --neuron.full_path is given', () => {
    const { config } = parseConfig(validatorConfigOptions, {
      argv: ['--wallet.name', 'w', '--wallet.hotkey', 'h', '--netuid', '19'],
      env: {},
    });
    const root = join(homedir(), '.bittensor', 'miners');
    expect(neuronFullPath(config, 'validator')).toBe(join(root, 'w', 'h', 'netuid19', 'validator'));
    expect(validatorSettings(config).statePath).toBe(
      join(root, 'w', 'h', 'netuid19', 'validator', 'state.json'),
    );
    const custom = parseConfig(validatorConfigOptions, {
      argv: ['--neuron.full_path', '/srv/v1', '--logging.logging_dir', '/var/log/x'],
      env: {},
    }).config;
    expect(neuronFullPath(custom, 'validator')).toBe('/srv/v1');
    const logged = parseConfig(minerConfigOptions, {
      argv: ['--logging.logging_dir', '/var/log/x', '--neuron.name', 'm2'],
      env: {},
    }).config;
    expect(neuronFullPath(logged, 'miner')).toBe(join('/var/log/x', 'default', 'default', 'netuid1', 'm2'));
  });

  it('documents every flag in --help', () => {
    const help = formatHelp(validatorConfigOptions);
    for (const flag of ['--neuron.sample_size', '--neuron.timeout', 'BT_NEURON_MOVING_AVERAGE_ALPHA']) {
      expect(help).toContain(flag);
    }
  });
});
