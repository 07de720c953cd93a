import { describe, expect, it } from 'vitest';
import { availableDtypes, isHubId, offlineCandidates, parseModelRef, pipelineRequirements } from './resolve';

describe('parseModelRef', () => {
  const folders = new Set(['/work/models/tiny-gpt2', '/abs/model']);
  const isDirectory = (path: string): boolean => folders.has(path);

  it('reads org/name and bare names as hub ids', () => {
    expect(parseModelRef('Xenova/distilgpt2', isDirectory, '/work')).toEqual({
      kind: 'hub',
      id: 'Xenova/distilgpt2',
    });
    expect(parseModelRef('gpt2', isDirectory, '/work')).toEqual({ kind: 'hub', id: 'gpt2' });
  });

  it('prefers an existing folder over a hub id of the same spelling', () => {
    expect(parseModelRef('models/tiny-gpt2', isDirectory, '/work')).toEqual({
      kind: 'folder',
      path: '/work/models/tiny-gpt2',
    });
  });

  it('takes path-like specs as folders even when missing, so the error names a folder', () => {
    expect(parseModelRef('./nope', isDirectory, '/work')).toEqual({ kind: 'folder', path: '/work/nope' });
    expect(parseModelRef('/abs/model', isDirectory, '/work')).toEqual({ kind: 'folder', path: '/abs/model' });
  });

  it('rejects what is neither', () => {
    expect(parseModelRef('', isDirectory, '/work')).toBeUndefined();
    expect(parseModelRef('a/b/c', isDirectory, '/work')).toBeUndefined();
    expect(isHubId('org/../x')).toBe(false);
    expect(isHubId('has space/x')).toBe(false);
  });
});

describe('offlineCandidates', () => {
  it('looks in the local model path, then the cache', () => {
    expect(offlineCandidates('Xenova/x', '/models', '/cache')).toEqual([
      '/models/Xenova/x',
      '/cache/Xenova/x',
    ]);
    expect(offlineCandidates('Xenova/x', '/models', undefined)).toEqual(['/models/Xenova/x']);
  });
});

describe('pipelineRequirements', () => {
  it('adds the tokenizer to text tasks and the processor to audio and image ones', () => {
    expect(
      pipelineRequirements('text', ['config.json', 'onnx/model.onnx', 'generation_config.json']),
    ).toEqual({
      required: ['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json'],
      optional: ['generation_config.json'],
    });
    expect(pipelineRequirements('image', ['config.json', 'onnx/model.onnx']).required).toEqual([
      'config.json',
      'onnx/model.onnx',
      'preprocessor_config.json',
    ]);
    expect(pipelineRequirements('multimodal', ['config.json']).required).toEqual([
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'preprocessor_config.json',
    ]);
  });
});

describe('availableDtypes', () => {
  it('lists the dtypes every session has a file for', () => {
    const files = [
      'encoder_model.onnx',
      'encoder_model_quantized.onnx',
      'decoder_model_merged.onnx',
      'decoder_model_merged_quantized.onnx',
      'decoder_model_merged_fp16.onnx',
    ];
    expect(
      availableDtypes(files, ['onnx/encoder_model_fp16.onnx', 'onnx/decoder_model_merged_fp16.onnx']),
    ).toEqual(['fp32', 'q8']);
    expect(availableDtypes(['model.onnx'], ['onnx/model_quantized.onnx'])).toEqual(['fp32']);
  });
});
