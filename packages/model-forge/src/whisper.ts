/**
 * A Whisper-style encoder-decoder in the layout optimum exports and transformers.js 4.x runs for
 * `model_type: whisper` (shared/reference/forge.md §3b):
 *   onnx/encoder_model.onnx         input_features [B, 80, frames] → last_hidden_state [B, frames/2, D]
 *   onnx/decoder_model_merged.onnx  one graph for the first step and the cached ones: an
 *     `If(use_cache_branch)` either passes the cached cross-attention keys/values through or
 *     computes them from `encoder_hidden_states`, as optimum's merged decoder does.
 * The window is `chunkSeconds` long (30 s in real Whisper); the processor and the position
 * tables follow from it, so a short window keeps tests fast without changing the contract.
 */
import { type ForgedModel, jsonFile, TRANSFORMERS_JS_CONFIG } from './model';
import { GraphBuilder, graph, int, ints } from './onnx/graph';
import {
  attention,
  causalAllowed,
  dim,
  feedForward,
  gelu,
  layerNorm,
  linear,
  linearWeights,
  maskToBias,
  mergeHeads,
  projectHeads,
  splitHeads,
  toScalar,
  WEIGHT_STD,
} from './onnx/layers';
import { createRng, deriveSeed } from './random';
import { byteLevelBpe, printableBias, type SpecialToken } from './tokenizer';

export interface WhisperOptions {
  seed: number;
  /** Seconds of audio per window. */
  chunkSeconds?: number;
  layers?: number;
  hidden?: number;
  heads?: number;
  /** Decoder position table; `generation_config.max_length` stays within it. */
  maxTargetPositions?: number;
}

const MEL_BINS = 80;
const SAMPLING_RATE = 16000;
const HOP_LENGTH = 160;
/** Whisper's special tokens, in its order; `<|notimestamps|>` must be the last before timestamps. */
const SPECIALS = [
  '<|endoftext|>',
  '<|startoftranscript|>',
  '<|en|>',
  '<|translate|>',
  '<|transcribe|>',
  '<|startoflm|>',
  '<|startofprev|>',
  '<|nocaptions|>',
  '<|notimestamps|>',
] as const;
/** `<|0.00|>` … `<|30.00|>`: transformers.js's timestamp decoding assumes all 1501. */
const TIMESTAMPS = 1501;

export function forgeWhisper({
  seed,
  chunkSeconds = 4,
  layers = 2,
  hidden = 32,
  heads = 4,
  maxTargetPositions = 128,
}: WhisperOptions): ForgedModel {
  const specials: SpecialToken[] = SPECIALS.map((content) => ({ content }));
  for (let i = 0; i < TIMESTAMPS; i++)
    specials.push({ content: `<|${(i * 0.02).toFixed(2)}|>`, special: false });
  const { vocab, byteIds, tokenizerJson } = byteLevelBpe(specials);
  const id = (token: string): number => vocab.get(token)!;
  const nbMaxFrames = (chunkSeconds * SAMPLING_RATE) / HOP_LENGTH;
  const sourcePositions = nbMaxFrames / 2;
  const dims: Dims = { hidden, heads, headDim: hidden / heads, layers, vocabSize: vocab.size };

  // Decoding bias: printable bytes, and timestamps unlikely unless asked for (a random model
  // that emits only timestamps in plain mode leaves transformers.js nothing to decode).
  const logitBias = printableBias(vocab.size, byteIds, -20);
  for (let i = id('<|notimestamps|>') + 1; i < vocab.size; i++) logitBias[i] = -8;

  const maxLength = Math.min(64, maxTargetPositions);
  const config = {
    model_type: 'whisper',
    architectures: ['WhisperForConditionalGeneration'],
    is_encoder_decoder: true,
    vocab_size: vocab.size,
    num_mel_bins: MEL_BINS,
    d_model: hidden,
    encoder_layers: layers,
    decoder_layers: layers,
    encoder_attention_heads: heads,
    decoder_attention_heads: heads,
    encoder_ffn_dim: 4 * hidden,
    decoder_ffn_dim: 4 * hidden,
    max_source_positions: sourcePositions,
    max_target_positions: maxTargetPositions,
    tie_word_embeddings: false,
    decoder_start_token_id: id('<|startoftranscript|>'),
    bos_token_id: id('<|endoftext|>'),
    eos_token_id: id('<|endoftext|>'),
    pad_token_id: id('<|endoftext|>'),
    'transformers.js_config': TRANSFORMERS_JS_CONFIG,
  };
  const generationConfig = {
    decoder_start_token_id: id('<|startoftranscript|>'),
    bos_token_id: id('<|endoftext|>'),
    eos_token_id: id('<|endoftext|>'),
    pad_token_id: id('<|endoftext|>'),
    no_timestamps_token_id: id('<|notimestamps|>'),
    is_multilingual: false,
    suppress_tokens: [],
    begin_suppress_tokens: [id('<|endoftext|>')],
    max_length: maxLength,
  };
  const preprocessorConfig = {
    processor_class: 'WhisperProcessor',
    feature_extractor_type: 'WhisperFeatureExtractor',
    feature_size: MEL_BINS,
    sampling_rate: SAMPLING_RATE,
    hop_length: HOP_LENGTH,
    n_fft: 400,
    chunk_length: chunkSeconds,
    n_samples: chunkSeconds * SAMPLING_RATE,
    nb_max_frames: nbMaxFrames,
    padding_side: 'right',
    padding_value: 0,
    return_attention_mask: false,
  };
  const special = {
    bos_token: SPECIALS[0],
    eos_token: SPECIALS[0],
    unk_token: SPECIALS[0],
    pad_token: SPECIALS[0],
  };

  const files = new Map<string, string | Uint8Array>([
    ['config.json', jsonFile(config)],
    ['generation_config.json', jsonFile(generationConfig)],
    ['preprocessor_config.json', jsonFile(preprocessorConfig)],
    ['tokenizer.json', jsonFile(tokenizerJson)],
    [
      'tokenizer_config.json',
      jsonFile({ tokenizer_class: 'WhisperTokenizer', model_max_length: maxTargetPositions, ...special }),
    ],
    ['onnx/encoder_model.onnx', encoder(deriveSeed(seed, 'encoder'), dims, sourcePositions)],
    [
      'onnx/decoder_model_merged.onnx',
      decoder(deriveSeed(seed, 'decoder'), dims, maxTargetPositions, logitBias),
    ],
  ]);
  return { name: 'tiny-whisper', task: 'automatic-speech-recognition', files };
}

interface Dims {
  hidden: number;
  heads: number;
  headDim: number;
  layers: number;
  vocabSize: number;
}

function encoder(seed: number, d: Dims, sourcePositions: number): Uint8Array {
  const g = new GraphBuilder('tiny-whisper-encoder', createRng(seed));
  const features = g.input('input_features', 'float', ['batch_size', MEL_BINS, 'encoder_sequence_length']);
  const conv = (x: string, inChannels: number, name: string, stride: number): string => {
    const weight = g.randn(`${name}.weight`, [d.hidden, inChannels, 3], 1 / Math.sqrt(inChannels));
    const bias = g.fill(`${name}.bias`, [d.hidden], 0);
    const attrs = { kernel_shape: ints([3]), pads: ints([1, 1]), strides: ints([stride]) };
    return gelu(g, g.op('Conv', [x, weight, bias], attrs));
  };
  // Two Conv1d (the second halves the frames), then [B, D, frames/2] → [B, frames/2, D].
  const convolved = conv(conv(features, MEL_BINS, 'encoder.conv1', 1), d.hidden, 'encoder.conv2', 2);
  const positions = g.randn(
    'encoder.embed_positions.weight',
    [sourcePositions, d.hidden],
    WEIGHT_STD.embedding,
  );
  let h = g.op('Add', [g.op('Transpose', [convolved], { perm: ints([0, 2, 1]) }), positions]);

  for (let i = 0; i < d.layers; i++) {
    const name = `encoder.layers.${i}`;
    const normed = layerNorm(g, h, d.hidden, `${name}.self_attn_layer_norm`);
    const [q, k, v] = ['q_proj', 'k_proj', 'v_proj'].map((proj) =>
      projectHeads(g, normed, d.hidden, d.heads, `${name}.self_attn.${proj}`),
    );
    const context = mergeHeads(g, attention(g, q!, k!, v!, d.headDim), d.hidden);
    h = g.op('Add', [h, linear(g, context, d.hidden, d.hidden, `${name}.self_attn.out_proj`)]);
    h = feedForward(g, h, d.hidden, 4 * d.hidden, name);
  }
  const out = layerNorm(g, h, d.hidden, 'encoder.layer_norm');
  g.output(out, 'last_hidden_state', 'float', ['batch_size', 'encoder_sequence_length / 2', d.hidden]);
  return g.toModel();
}

function decoder(seed: number, d: Dims, maxTargetPositions: number, logitBias: Float32Array): Uint8Array {
  const g = new GraphBuilder('tiny-whisper-decoder-merged', createRng(seed));
  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'decoder_sequence_length']);
  const encoderStates = g.input('encoder_hidden_states', 'float', [
    'batch_size',
    'encoder_sequence_length / 2',
    d.hidden,
  ]);
  const pastDecoderShape = ['batch_size', d.heads, 'past_decoder_sequence_length', d.headDim];
  const pastEncoderShape = ['batch_size', d.heads, 'encoder_sequence_length_out', d.headDim];
  const past = Array.from({ length: d.layers }, (_, i) => ({
    decoderKey: g.input(`past_key_values.${i}.decoder.key`, 'float', pastDecoderShape),
    decoderValue: g.input(`past_key_values.${i}.decoder.value`, 'float', pastDecoderShape),
    encoderKey: g.input(`past_key_values.${i}.encoder.key`, 'float', pastEncoderShape),
    encoderValue: g.input(`past_key_values.${i}.encoder.value`, 'float', pastEncoderShape),
  }));
  const useCache = g.input('use_cache_branch', 'bool', [1]);

  const embedTokens = g.randn('decoder.embed_tokens.weight', [d.vocabSize, d.hidden], WEIGHT_STD.embedding);
  const embedPositions = g.randn(
    'decoder.embed_positions.weight',
    [maxTargetPositions, d.hidden],
    WEIGHT_STD.embedding / 4,
  );
  const pastLength = toScalar(g, dim(g, past[0]!.decoderKey, 2));
  const totalLength = g.op('Add', [pastLength, toScalar(g, dim(g, inputIds, 1))]);
  const positions = g.op('Range', [pastLength, totalLength, g.int64([1], [])]);
  let h = g.op('Add', [g.op('Gather', [embedTokens, inputIds]), g.op('Gather', [embedPositions, positions])]);
  const causalBias = maskToBias(g, causalAllowed(g, pastLength, totalLength));

  // Cross-attention keys/values: computed from the encoder on the first step, reused after.
  const crossWeights = Array.from({ length: d.layers }, (_, i) =>
    (['k_proj', 'v_proj'] as const).map((proj) =>
      linearWeights(g, d.hidden, d.hidden, `decoder.layers.${i}.encoder_attn.${proj}`),
    ),
  );
  const reuse = g.subgraph('use_cache');
  const compute = g.subgraph('compute_cross');
  for (let i = 0; i < d.layers; i++) {
    const cached = [past[i]!.encoderKey, past[i]!.encoderValue];
    crossWeights[i]!.forEach(({ weight, bias }, j) => {
      reuse.output(cached[j]!, reuse.fresh(`present.${i}.${j}`), 'float');
      const projected = compute.op('Add', [compute.op('MatMul', [encoderStates, weight]), bias]);
      compute.output(
        splitHeads(compute, projected, d.heads, d.headDim),
        compute.fresh(`present.${i}.${j}`),
        'float',
      );
    });
  }
  const cross = g.opN('If', [useCache], 2 * d.layers, {
    then_branch: graph(reuse),
    else_branch: graph(compute),
  });

  const selfShape = ['batch_size', d.heads, 'past_decoder_sequence_length + 1', d.headDim];
  const crossShape = ['batch_size', d.heads, 'encoder_sequence_length_out', d.headDim];
  for (let i = 0; i < d.layers; i++) {
    const name = `decoder.layers.${i}`;
    const normed = layerNorm(g, h, d.hidden, `${name}.self_attn_layer_norm`);
    const [q, k, v] = ['q_proj', 'k_proj', 'v_proj'].map((proj) =>
      projectHeads(g, normed, d.hidden, d.heads, `${name}.self_attn.${proj}`),
    );
    const keys = g.op('Concat', [past[i]!.decoderKey, k!], { axis: int(2) });
    const values = g.op('Concat', [past[i]!.decoderValue, v!], { axis: int(2) });
    g.output(keys, `present.${i}.decoder.key`, 'float', selfShape);
    g.output(values, `present.${i}.decoder.value`, 'float', selfShape);
    const context = mergeHeads(g, attention(g, q!, keys, values, d.headDim, causalBias), d.hidden);
    h = g.op('Add', [h, linear(g, context, d.hidden, d.hidden, `${name}.self_attn.out_proj`)]);

    const crossKey = cross[2 * i]!;
    const crossValue = cross[2 * i + 1]!;
    g.output(crossKey, `present.${i}.encoder.key`, 'float', crossShape);
    g.output(crossValue, `present.${i}.encoder.value`, 'float', crossShape);
    const crossNormed = layerNorm(g, h, d.hidden, `${name}.encoder_attn_layer_norm`);
    const crossQuery = projectHeads(g, crossNormed, d.hidden, d.heads, `${name}.encoder_attn.q_proj`);
    const crossContext = mergeHeads(g, attention(g, crossQuery, crossKey, crossValue, d.headDim), d.hidden);
    h = g.op('Add', [h, linear(g, crossContext, d.hidden, d.hidden, `${name}.encoder_attn.out_proj`)]);
    h = feedForward(g, h, d.hidden, 4 * d.hidden, name);
  }
  const final = layerNorm(g, h, d.hidden, 'decoder.layer_norm');
  // Untied output projection, for the same reason as the GPT-2 recipe's.
  const logits = g.op('MatMul', [
    final,
    g.randn('proj_out.weight', [d.hidden, d.vocabSize], WEIGHT_STD.head),
  ]);
  const biased = g.op('Add', [logits, g.floats('proj_out.bias', [d.vocabSize], logitBias)]);
  g.output(biased, 'logits', 'float', ['batch_size', 'decoder_sequence_length', d.vocabSize]);
  return g.toModel();
}
