import { describe, expect, it } from 'vitest';
import { formatLogLine, levelOf } from './log-lines';

describe('formatLogLine', () => {
  it('turns a pino JSON line into a short readable one', () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.UTC(2026, 0, 1, 12, 34, 56),
      pid: 1,
      hostname: 'h',
      name: 'text-miner',
      msg: 'axon serving',
      port: 8091,
      info: { ip: '127.0.0.1' },
    });
    expect(formatLogLine('text-generation/miner-1', line)).toBe(
      '12:34:56 info  [text-generation/miner-1] axon serving port=8091 info={"ip":"127.0.0.1"}',
    );
  });

  it('reads level names as subnetkit loggers write them', () => {
    expect(formatLogLine('node', JSON.stringify({ level: 'warn', time: 0, msg: 'slow block' }))).toBe(
      '00:00:00 warn  [node] slow block',
    );
  });

  it('shows an error message and cuts long values', () => {
    const line = JSON.stringify({
      level: 50,
      time: 0,
      msg: 'failed',
      err: { message: 'boom' },
      blob: 'x'.repeat(200),
    });
    const formatted = formatLogLine('node', line);
    expect(formatted).toMatch(/^00:00:00 error \[node\] failed blob=x+… err=boom$/);
    expect(formatted.length).toBeLessThan(140);
  });

  it('passes other lines through with the label', () => {
    expect(formatLogLine('node', 'plain text')).toBe('[node] plain text');
    expect(formatLogLine('node', '{not json')).toBe('[node] {not json');
  });
});

describe('levelOf', () => {
  it('reads the level of a JSON line, info otherwise', () => {
    expect(levelOf('{"level":20,"msg":"x"}')).toBe(20);
    expect(levelOf('{"level":"debug","msg":"x"}')).toBe(20);
    expect(levelOf('{"level":"warn","msg":"x"}')).toBe(40);
    expect(levelOf('plain')).toBe(30);
  });
});
