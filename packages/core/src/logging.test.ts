import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loggingOptions, parseConfig } from './config';
import { createLogger, type LogDestination, levelFromConfig, loggerOptionsFromConfig } from './logging';

interface Capture extends LogDestination {
  lines: string[];
  records(): Array<Record<string, unknown>>;
}

function capture(isTTY = false): Capture {
  const lines: string[] = [];
  return {
    lines,
    isTTY,
    write: (line) => {
      lines.push(line);
    },
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

function loggingConfig(argv: string[]) {
  return parseConfig(loggingOptions, { argv, env: {} }).config;
}

describe('levels', () => {
  it('defaults to info, unlike bittensor', () => {
    const out = capture();
    const logger = createLogger({ destination: out });
    logger.debug('hidden');
    logger.info('shown');
    expect(out.records().map((record) => record.msg)).toEqual(['shown']);
  });

  it.each([
    [[], 'info'],
    [['--logging.info'], 'info'],
    [['--logging.debug'], 'debug'],
    [['--logging.trace'], 'trace'],
    [['--logging.debug', '--logging.trace'], 'trace'],
  ])('maps %j to %s', (argv, level) => {
    expect(levelFromConfig(loggingConfig(argv).logging)).toBe(level);
  });

  it('takes its level from a parsed config', () => {
    const out = capture();
    const logger = createLogger(loggingConfig(['--logging.debug']), { destination: out });
    logger.trace('hidden');
    logger.debug('shown');
    expect(out.records().map((record) => record.level)).toEqual(['debug']);
  });
});

describe('JSON lines', () => {
  it('writes one JSON object per event, synchronously, with level names', () => {
    const out = capture();
    createLogger({ destination: out, name: 'miner' }).warn({ ms: 12 }, 'slow forward');
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatch(/\n$/);
    expect(out.records()[0]).toMatchObject({ level: 'warn', name: 'miner', msg: 'slow forward', ms: 12 });
  });

  it('binds fields through child loggers and the bindings option', () => {
    const out = capture();
    const logger = createLogger({ destination: out, bindings: { component: 'validator' } });
    logger.child({ netuid: 1, uid: 7, hotkey: '5F3sa2TJ' }).info('scored');
    expect(out.records()[0]).toMatchObject({
      component: 'validator',
      netuid: 1,
      uid: 7,
      hotkey: '5F3sa2TJ',
      msg: 'scored',
    });
  });

  it('is forced by logging.json even on a terminal', () => {
    const out = capture(true);
    createLogger(loggingConfig(['--logging.json']), { destination: out }).info('hello');
    expect(out.records()[0]).toMatchObject({ msg: 'hello' });
  });
});

describe('pretty lines', () => {
  it('are used on a terminal, in colour, one line per event', () => {
    const out = capture(true);
    createLogger(loggingConfig([]), { destination: out }).info('hello');
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toContain('\u001b[');
    expect(out.lines[0]).toContain('hello');
  });

  it('show time, level, component, message and fields', () => {
    const out = capture();
    const logger = createLogger({ destination: out, json: false, name: 'miner' });
    logger.child({ component: 'axon', netuid: 1 }).info({ uid: 3, ms: 12 }, 'served');
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO \(miner\): axon \| served \{"netuid":1,"uid":3,"ms":12\}\n$/,
    );
  });
});

describe('log file', () => {
  it('appends JSON lines to <logging_dir>/<name>.log alongside the console', () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'subnetkit-logs-')), 'nested');
    const config = parseConfig(loggingOptions, {
      argv: ['--logging.logging_dir', directory],
      env: {},
    }).config;
    expect(loggerOptionsFromConfig(config)).toEqual({ level: 'info', loggingDir: directory });

    const out = capture(true);
    const logger = createLogger(config, { destination: out, name: 'validator' });
    logger.debug('hidden');
    logger.info({ block: 42 }, 'epoch');

    const fileRecords = readFileSync(join(directory, 'validator.log'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(fileRecords).toHaveLength(1);
    expect(fileRecords[0]).toMatchObject({ level: 'info', block: 42, msg: 'epoch' });
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toContain('epoch');
  });
});
