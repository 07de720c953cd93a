import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  axonOptions,
  ConfigError,
  type ConfigErrorCode,
  defineOptions,
  envVarName,
  expandHome,
  formatHelp,
  loggingOptions,
  netuidOption,
  type OptionDefinition,
  parseConfig,
  subtensorOptions,
  walletOptions,
} from './config';

const standard = [
  ...walletOptions,
  ...subtensorOptions,
  ...axonOptions,
  ...loggingOptions,
  netuidOption,
] as const;

function parse(
  argv: string[],
  env: Record<string, string> = {},
  extra: { configFile?: string; strict?: boolean } = {},
) {
  return parseConfig(standard, { argv, env, ...extra });
}

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function codeOf(fn: () => unknown): ConfigErrorCode {
  return configErrorOf(fn).code;
}

function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'subnetkit-config-')), name);
  writeFileSync(path, text);
  return path;
}

describe('defaults', () => {
  it('fills every standard option', () => {
    const { config, isSet, sourceOf } = parse([]);
    expect(config).toEqual({
      wallet: { name: 'default', hotkey: 'default', path: '~/.bittensor/wallets' },
      subtensor: { network: 'local', chain_endpoint: 'ws://127.0.0.1:9944' },
      axon: {
        port: 8091,
        ip: '127.0.0.1',
        external_ip: undefined,
        external_port: undefined,
        max_workers: 10,
      },
      logging: { debug: false, trace: false, info: false, json: false, logging_dir: undefined },
      netuid: 1,
    });
    expect(isSet('wallet.name')).toBe(false);
    expect(sourceOf('wallet.name')).toBe('default');
    expect(sourceOf('axon.external_ip')).toBeUndefined();
  });

  it('types the nested config from the definitions', () => {
    const { config } = parse([]);
    expectTypeOf(config.wallet.name).toEqualTypeOf<string>();
    expectTypeOf(config.axon.port).toEqualTypeOf<number>();
    expectTypeOf(config.axon.external_ip).toEqualTypeOf<string | undefined>();
    expectTypeOf(config.logging.debug).toEqualTypeOf<boolean>();
    expectTypeOf(config.netuid).toEqualTypeOf<number>();
  });
});

describe('CLI flags', () => {
  it('reads --name value and --name=value', () => {
    const { config, isSet, sourceOf } = parse([
      '--wallet.name',
      'alice',
      '--axon.port=9000',
      '--netuid',
      '3',
    ]);
    expect(config.wallet.name).toBe('alice');
    expect(config.axon.port).toBe(9000);
    expect(config.netuid).toBe(3);
    expect(isSet('wallet.name')).toBe(true);
    expect(sourceOf('axon.port')).toBe('cli');
  });

  it('reads switches, --flag=false and --no-flag', () => {
    expect(parse(['--logging.debug']).config.logging.debug).toBe(true);
    expect(parse(['--logging.debug=false']).config.logging.debug).toBe(false);
    const negated = parse(['--no-logging.debug'], { BT_LOGGING_DEBUG: '1' });
    expect(negated.config.logging.debug).toBe(false);
    expect(negated.sourceOf('logging.debug')).toBe('cli');
  });

  it('lets the last of a repeated flag win', () => {
    expect(parse(['--wallet.name', 'a', '--wallet.name', 'b']).config.wallet.name).toBe('b');
  });

  it('accepts values that start with a single dash and empty inline values', () => {
    const options = defineOptions([
      { name: 'offset', type: 'integer', help: '' },
      { name: 'label', type: 'string', help: '' },
    ]);
    const { config } = parseConfig(options, { argv: ['--offset', '-5', '--label='], env: {} });
    expect(config).toEqual({ offset: -5, label: '' });
  });

  it('reports --help without failing', () => {
    expect(parse(['--help']).help).toBe(true);
    expect(parse(['-h']).help).toBe(true);
    expect(parse([]).help).toBe(false);
  });

  it('names an unknown flag and suggests close matches', () => {
    const error = configErrorOf(() => parse(['--axon.prot', '1']));
    expect(error.code).toBe('UnknownOption');
    expect(error.source).toBe('--axon.prot');
    expect(error.message).toContain('Did you mean --axon.port?');
    expect(parse.bind(null, ['--port', '1'])).toThrow(
      /--port\. Did you mean --axon\.port, --axon\.external_port\?/,
    );
    expect(parse.bind(null, ['--wallet.hotky=x'])).toThrow(/Did you mean --wallet\.hotkey\?/);
    expect(codeOf(() => parse(['--no-wallet.name']))).toBe('UnknownOption');
    expect(parse.bind(null, ['--netiud', '2'])).toThrow(/Did you mean --netuid\?/);
  });

  it('refuses positionals unless strict is off', () => {
    expect(codeOf(() => parse(['serve']))).toBe('UnexpectedArgument');
    expect(codeOf(() => parse(['--logging.debug', 'true']))).toBe('UnexpectedArgument');
  });

  it('passes unknown flags and positionals through, in order, when strict is off', () => {
    const { config, rest } = parse(
      ['serve', '--model', 'tiny', '--wallet.name', 'bob', '--', '--netuid', '9'],
      {},
      { strict: false },
    );
    expect(config.wallet.name).toBe('bob');
    expect(config.netuid).toBe(1);
    expect(rest).toEqual(['serve', '--model', 'tiny', '--netuid', '9']);
  });

  it('needs a value after a valued flag', () => {
    expect(codeOf(() => parse(['--wallet.name']))).toBe('MissingValue');
    expect(codeOf(() => parse(['--wallet.name', '--netuid', '2']))).toBe('MissingValue');
  });

  it.each([
    [['--axon.port', 'abc'], /--axon\.port: expected an integer from 1 to 65535, got "abc"/],
    [['--axon.port', '70000'], /--axon\.port: expected an integer from 1 to 65535, got "70000"/],
    [['--axon.port', '80.5'], /expected an integer/],
    [['--netuid', '-1'], /--netuid: expected an integer from 0 to 65535, got "-1"/],
    [['--axon.max_workers', '0'], /--axon\.max_workers: expected an integer of at least 1/],
    [['--axon.ip', 'localhost'], /--axon\.ip: expected an IPv4 or IPv6 address/],
    [['--subtensor.chain_endpoint', 'http://x'], /expected a ws:\/\/ or wss:\/\/ URL/],
    [['--logging.debug=maybe'], /--logging\.debug: expected true or false, got "maybe"/],
  ])('rejects %j naming the flag, the expectation and the value', (argv, message) => {
    const error = configErrorOf(() => parse(argv));
    expect(error.code).toBe('InvalidValue');
    expect(error.message).toMatch(message);
  });
});

describe('environment', () => {
  it('maps dotted names to BT_ variables', () => {
    expect(envVarName('subtensor.chain_endpoint')).toBe('BT_SUBTENSOR_CHAIN_ENDPOINT');
    const { config, sourceOf } = parse([], {
      BT_WALLET_NAME: 'env-wallet',
      BT_SUBTENSOR_CHAIN_ENDPOINT: 'wss://node.example:443',
      BT_AXON_PORT: '9100',
      BT_LOGGING_DEBUG: 'true',
      BT_AXON_EXTERNAL_IP: '',
    });
    expect(config.wallet.name).toBe('env-wallet');
    expect(config.subtensor.chain_endpoint).toBe('wss://node.example:443');
    expect(config.axon.port).toBe(9100);
    expect(config.logging.debug).toBe(true);
    expect(config.axon.external_ip).toBeUndefined();
    expect(sourceOf('axon.port')).toBe('env');
  });

  it.each([
    ['1', true],
    ['yes', true],
    ['ON', true],
    ['0', false],
    ['off', false],
  ])('reads BT_LOGGING_JSON=%s as %s', (value, expected) => {
    expect(parse([], { BT_LOGGING_JSON: value }).config.logging.json).toBe(expected);
  });

  it('names the variable in a bad-value error', () => {
    expect(() => parse([], { BT_AXON_PORT: 'abc' })).toThrow(
      /Invalid value for BT_AXON_PORT: expected an integer/,
    );
  });

  it('loses to CLI flags', () => {
    expect(parse(['--wallet.name', 'cli'], { BT_WALLET_NAME: 'env' }).config.wallet.name).toBe('cli');
  });
});

describe('config file', () => {
  const yaml = [
    'wallet:',
    '  name: from-file',
    '  hotkey: 7',
    'axon.port: 9200',
    'axon:',
    '  ip: 0.0.0.0',
    'logging:',
    '  json: true',
    '  logging_dir:',
    '',
  ].join('\n');

  it('reads nested and dotted YAML keys given by --config', () => {
    const path = writeTemp('config.yml', yaml);
    const { config, sourceOf, configFile } = parse(['--config', path]);
    expect(configFile).toBe(path);
    expect(config.wallet).toEqual({ name: 'from-file', hotkey: '7', path: '~/.bittensor/wallets' });
    expect(config.axon.port).toBe(9200);
    expect(config.axon.ip).toBe('0.0.0.0');
    expect(config.logging.json).toBe(true);
    expect(config.logging.logging_dir).toBeUndefined();
    expect(sourceOf('axon.port')).toBe('file');
  });

  it('reads JSON, from BT_CONFIG or the configFile option', () => {
    const path = writeTemp('config.json', JSON.stringify({ netuid: 12, subtensor: { network: 'test' } }));
    expect(parse([], { BT_CONFIG: path }).config.netuid).toBe(12);
    expect(parse([], {}, { configFile: path }).config.subtensor.network).toBe('test');
  });

  it('ranks below flags and environment, above defaults', () => {
    const path = writeTemp('config.yml', yaml);
    const { config } = parse([`--config=${path}`, '--axon.port', '1234'], { BT_WALLET_NAME: 'env' });
    expect(config.axon.port).toBe(1234);
    expect(config.wallet.name).toBe('env');
    expect(config.wallet.hotkey).toBe('7');
    expect(config.axon.max_workers).toBe(10);
  });

  it('names the file and key of an unknown or bad entry', () => {
    const typo = writeTemp('typo.yml', 'wallet:\n  hotky: x\n');
    expect(() => parse(['--config', typo])).toThrow(
      /Unknown option "wallet\.hotky" in config file .*typo\.yml\. Did you mean wallet\.hotkey\?/,
    );
    expect(parse(['--config', typo], {}, { strict: false }).config.wallet.hotkey).toBe('default');
    const bad = writeTemp('bad.yml', 'axon:\n  port: [1, 2]\n');
    expect(() => parse(['--config', bad])).toThrow(
      /Invalid value for axon\.port in .*bad\.yml: expected an integer/,
    );
  });

  it('explains files it cannot use', () => {
    expect(codeOf(() => parse(['--config', '/nonexistent/subnetkit.yml']))).toBe('ConfigFileError');
    expect(codeOf(() => parse(['--config', writeTemp('broken.yml', 'wallet: [')]))).toBe('ConfigFileError');
    expect(codeOf(() => parse(['--config', writeTemp('list.yml', '- 1\n- 2\n')]))).toBe('ConfigFileError');
    expect(parse(['--config', writeTemp('empty.yml', '')]).config.netuid).toBe(1);
  });
});

describe('definitions', () => {
  it('accepts the same group from two components', () => {
    expect(() => parseConfig([...walletOptions, ...walletOptions], { argv: [], env: {} })).not.toThrow();
  });

  it.each<[string, OptionDefinition[]]>([
    [
      'a duplicate',
      [
        { name: 'x', type: 'string', help: '' },
        { name: 'x', type: 'integer', help: '' },
      ],
    ],
    [
      'an option that is also a group',
      [
        { name: 'a', type: 'string', help: '' },
        { name: 'a.b', type: 'string', help: '' },
      ],
    ],
    ['a bad name', [{ name: 'bad-name', type: 'string', help: '' }]],
    ['a reserved name', [{ name: 'config', type: 'string', help: '' }]],
  ])('rejects %s', (_, definitions) => {
    expect(codeOf(() => parseConfig(definitions, { argv: [], env: {} }))).toBe('InvalidDefinition');
  });

  it('checks choices and custom validators', () => {
    const options = defineOptions([
      { name: 'mode', type: 'string', choices: ['fast', 'exact'], help: '' },
      { name: 'ratio', type: 'number', validate: (v) => (v > 0 ? undefined : 'a positive number'), help: '' },
    ]);
    const run = (argv: string[]) => parseConfig(options, { argv, env: {} }).config;
    expect(run(['--mode', 'exact', '--ratio', '0.5'])).toEqual({ mode: 'exact', ratio: 0.5 });
    expect(() => run(['--mode', 'slow'])).toThrow(/--mode: expected one of fast, exact, got "slow"/);
    expect(() => run(['--ratio', '-1'])).toThrow(/--ratio: expected a positive number, got "-1"/);
  });
});

describe('formatHelp', () => {
  it('lists flags with types, defaults and BT_ variables', () => {
    const help = formatHelp(standard, 'miner [options]');
    expect(help).toMatch(/^Usage: miner \[options\]\n/);
    expect(help).toMatch(/--wallet\.name <string> +Wallet \(coldkey\) name/);
    expect(help).toContain('default: "default" · env: BT_WALLET_NAME');
    expect(help).toContain('from 1 to 65535 · default: 8091 · env: BT_AXON_PORT');
    expect(help).toContain('--[no-]logging.debug');
    expect(help).toContain('env: BT_LOGGING_LOGGING_DIR');
    expect(help).toContain('--config <path>');
    expect(help).toContain('BT_CONFIG');
  });
});

describe('expandHome', () => {
  it('expands only a leading ~', () => {
    expect(expandHome('~/.bittensor/wallets')).toBe(join(homedir(), '.bittensor/wallets'));
    expect(expandHome('/tmp/~/x')).toBe('/tmp/~/x');
    expect(expandHome('~user/x')).toBe('~user/x');
  });
});
