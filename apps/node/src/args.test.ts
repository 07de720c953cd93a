import { describe, expect, it } from 'vitest';
import { parseDuration, parseNodeArgs, UsageError } from './args';

describe('parseNodeArgs', () => {
  it('gives a dev chain fast blocks on loopback port 9944', () => {
    expect(parseNodeArgs(['--dev'])).toMatchObject({
      dev: true,
      basePath: undefined,
      blockTimeMs: 1000,
      rpcHost: '127.0.0.1',
      rpcPort: 9944,
    });
    expect(parseNodeArgs(['--base-path', '/x'])).toMatchObject({
      dev: false,
      basePath: '/x',
      blockTimeMs: 12_000,
    });
  });

  it('reads block times, ports, hosts and logging flags', () => {
    expect(
      parseNodeArgs([
        '--dev',
        '--block-time',
        '250ms',
        '--rpc-port',
        '0',
        '--rpc-external',
        '--logging.debug',
      ]),
    ).toMatchObject({ blockTimeMs: 250, rpcPort: 0, rpcHost: '0.0.0.0', logging: { debug: true } });
    expect(parseNodeArgs(['--dev', '--rpc-host', '::1'])).toMatchObject({ rpcHost: '::1' });
    expect(parseNodeArgs(['-h'])).toBe('help');
    expect([parseDuration('250'), parseDuration('1.5s'), parseDuration('12s')]).toEqual([250, 1500, 12_000]);
  });

  it.each([
    [[], /no chain to run/],
    [['--dev', '--block-time', 'fast'], /--block-time takes a duration/],
    [['--dev', '--block-time', '0.5'], /--block-time/],
    [['--dev', '--rpc-port', '70000'], /--rpc-port takes an integer/],
    [['--dev', '--rpc-external', '--rpc-host', '1.2.3.4'], /either it or --rpc-host/],
    [['--dev', '--nope'], /Unknown option '--nope'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseNodeArgs(argv)).toThrow(UsageError);
    expect(() => parseNodeArgs(argv)).toThrow(message);
  });
});
