import { describe, expect, it } from 'vitest';
import { progressReporter, renderProgressBar } from './progress';

describe('renderProgressBar', () => {
  it('draws the fraction done, the percentage and the sizes', () => {
    expect(renderProgressBar('model.onnx', 5e6, 10e6, 10)).toBe('model.onnx  [█████░░░░░]  50%  5.0/10.0 MB');
    expect(renderProgressBar('x', 0, 0, 4)).toBe('x  [░░░░]   0%  0.0/0.0 MB');
    expect(renderProgressBar('x', 20, 10, 4)).toContain('[████] 100%');
  });
});

describe('progressReporter', () => {
  it('writes a line per downloaded file off a terminal, and nothing for files read from disk', () => {
    const lines: string[] = [];
    const report = progressReporter({ isTTY: false, write: (text) => lines.push(text) });
    report({ status: 'initiate', file: 'config.json' });
    report({ status: 'done', file: 'config.json' });
    report({ status: 'download', file: 'onnx/model.onnx' });
    report({ status: 'progress', file: 'onnx/model.onnx', loaded: 1, total: 2, progress: 50 });
    report({ status: 'done', file: 'onnx/model.onnx' });
    expect(lines).toEqual(['downloading onnx/model.onnx\n', 'downloaded onnx/model.onnx\n']);
  });

  it('redraws a bar on a terminal', () => {
    const writes: string[] = [];
    const report = progressReporter({ isTTY: true, write: (text) => writes.push(text) });
    report({ status: 'download', file: 'a.onnx' });
    report({ status: 'progress', file: 'a.onnx', loaded: 100, total: 100, progress: 100 });
    report({ status: 'done', file: 'a.onnx' });
    expect(writes[0]).toMatch(/^\ra\.onnx {2}\[█+\] 100%/);
    expect(writes.at(-1)).toBe('\n');
  });
});
