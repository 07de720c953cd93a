/**
 * A GPT-2-style decoder with a KV cache, in the contract transformers.js 4.x runs for
 * `model_type: gpt2` (see shared/reference/forge.md §3a):
 *   in : input_ids, attention_mask, position_ids, past_key_values.{i}.key/.value
 *   out: logits, present.{i}.key/.value
 * Cache heads and head size are fixed dimensions and the past length is symbolic, because
 * transformers.js builds the empty first-step cache from the graph's input metadata.
 */
import { type ForgedModel, jsonFile, TRANSFORMERS_JS_CONFIG } from './model';
import { GraphBuilder, int } from './onnx/graph';
import {
  attention,
  causalAllowed,
  dim,
  feedForward,
  layerNorm,
  linear,
  maskToBias,
  mergeHeads,
  projectHeads,
  toScalar,
  WEIGHT_STD,
} from './onnx/layers';
import { createRng } from './random';
import { byteLevelBpe, printableBias } from './tokenizer';

export interface Gpt2Options {
  seed: number;
  layers?: number;
  hidden?: number;
  heads?: number;
  /** Size of the position table: prompt + new tokens must stay below it. */
  positions?: number;
}

const EOS = '<|endoftext|>';

export function forgeGpt2({
  seed,
  layers = 2,
  hidden = 32,
  heads = 4,
  positions = 512,
}: Gpt2Options): ForgedModel {
  const { vocab, byteIds, tokenizerJson } = byteLevelBpe([{ content: EOS }]);
  const vocabSize = vocab.size;
  const eosId = vocab.get(EOS)!;
  const headDim = hidden / heads;

  const g = new GraphBuilder('tiny-gpt2', createRng(seed));
  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', 'int64', [
    'batch_size',
    'past_sequence_length + sequence_length',
  ]);
  const positionIds = g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  const pastShape = ['batch_size', heads, 'past_sequence_length', headDim];
  const past = Array.from({ length: layers }, (_, i) => ({
    key: g.input(`past_key_values.${i}.key`, 'float', pastShape),
    value: g.input(`past_key_values.${i}.value`, 'float', pastShape),
  }));

  const wte = g.randn('transformer.wte.weight', [vocabSize, hidden], WEIGHT_STD.embedding);
  const wpe = g.randn('transformer.wpe.weight', [positions, hidden], WEIGHT_STD.embedding / 4);
  let h = g.op('Add', [g.op('Gather', [wte, inputIds]), g.op('Gather', [wpe, positionIds])]);

  // Mask [B, 1, T, S]: causal (key j ≤ past + i) and not padding (attention_mask[b, j] = 1).
  const total = dim(g, attentionMask, 1);
  const pastLength = g.op('Sub', [total, dim(g, inputIds, 1)]);
  const causal = causalAllowed(g, toScalar(g, pastLength), toScalar(g, total));
  const notPadding = g.op('Unsqueeze', [g.op('Cast', [attentionMask], { to: int(9) }), g.int64([1, 2])]);
  const bias = maskToBias(g, g.op('And', [causal, notPadding]));

  const presentShape = ['batch_size', heads, 'past_sequence_length + sequence_length', headDim];
  for (let i = 0; i < layers; i++) {
    const name = `transformer.h.${i}`;
    const normed = layerNorm(g, h, hidden, `${name}.ln_1`);
    const q = projectHeads(g, normed, hidden, heads, `${name}.attn.q`);
    const k = projectHeads(g, normed, hidden, heads, `${name}.attn.k`);
    const v = projectHeads(g, normed, hidden, heads, `${name}.attn.v`);
    const keys = g.op('Concat', [past[i]!.key, k], { axis: int(2) });
    const values = g.op('Concat', [past[i]!.value, v], { axis: int(2) });
    g.output(keys, `present.${i}.key`, 'float', presentShape);
    g.output(values, `present.${i}.value`, 'float', presentShape);
    const context = mergeHeads(g, attention(g, q, keys, values, headDim, bias), hidden);
    h = g.op('Add', [h, linear(g, context, hidden, hidden, `${name}.attn.c_proj`)]);
    h = feedForward(g, h, hidden, 4 * hidden, `${name}.mlp`);
  }

  // An untied LM head: tied to random embeddings, each token's own logit would dominate and
  // greedy text would repeat one token. Plus a constant bias towards printable text.
  const final = layerNorm(g, h, hidden, 'transformer.ln_f');
  const logits = g.op('MatMul', [final, g.randn('lm_head.weight', [hidden, vocabSize], WEIGHT_STD.head)]);
  const logitBias = printableBias(vocabSize, byteIds, -20);
  logitBias[eosId] = -4;
  const biased = g.op('Add', [logits, g.floats('lm_head.bias', [vocabSize], logitBias)]);
  g.output(biased, 'logits', 'float', ['batch_size', 'sequence_length', vocabSize]);

  const config = {
    model_type: 'gpt2',
    architectures: ['GPT2LMHeadModel'],
    vocab_size: vocabSize,
    n_positions: positions,
    n_ctx: positions,
    n_embd: hidden,
    n_layer: layers,
    n_head: heads,
    tie_word_embeddings: false,
    bos_token_id: eosId,
    eos_token_id: eosId,
    'transformers.js_config': TRANSFORMERS_JS_CONFIG,
  };
  const files = new Map<string, string | Uint8Array>([
    ['config.json', jsonFile(config)],
    ['generation_config.json', jsonFile({ bos_token_id: eosId, eos_token_id: eosId, max_length: positions })],
    ['tokenizer.json', jsonFile(tokenizerJson)],
    [
      'tokenizer_config.json',
      jsonFile({
        tokenizer_class: 'GPT2Tokenizer',
        bos_token: EOS,
        eos_token: EOS,
        unk_token: EOS,
        model_max_length: positions,
        add_prefix_space: false,
      }),
    ],
    ['onnx/model.onnx', g.toModel()],
  ]);
  return { name: 'tiny-gpt2', task: 'text-generation', files };
}
