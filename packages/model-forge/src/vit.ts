/**
 * A ViT-style image classifier in the contract transformers.js 4.x runs for `model_type: vit`
 * (shared/reference/forge.md §3c): pixel_values [B, 3, S, S] → logits [B, labels]. Patch
 * embedding is a strided Conv, a learned [CLS] token is prepended, pre-LN blocks follow and
 * the head reads the [CLS] position.
 */
import { type ForgedModel, jsonFile, TRANSFORMERS_JS_CONFIG } from './model';
import { GraphBuilder, int, ints } from './onnx/graph';
import {
  attention,
  dim,
  feedForward,
  layerNorm,
  linear,
  mergeHeads,
  projectHeads,
  WEIGHT_STD,
} from './onnx/layers';
import { createRng } from './random';

export interface VitOptions {
  seed: number;
  imageSize?: number;
  patchSize?: number;
  layers?: number;
  hidden?: number;
  heads?: number;
  /** Class names; `id2label` in config.json. */
  labels?: readonly string[];
}

/** Ten everyday classes, so the demo prints words; the weights are random, so are the answers. */
export const DEFAULT_VIT_LABELS = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

export function forgeVit({
  seed,
  imageSize = 32,
  patchSize = 8,
  layers = 2,
  hidden = 32,
  heads = 4,
  labels = DEFAULT_VIT_LABELS,
}: VitOptions): ForgedModel {
  const headDim = hidden / heads;
  const patches = (imageSize / patchSize) ** 2;
  const g = new GraphBuilder('tiny-vit', createRng(seed));
  const pixels = g.input('pixel_values', 'float', ['batch_size', 3, imageSize, imageSize]);

  const patchWeight = g.randn(
    'vit.embeddings.patch_embeddings.projection.weight',
    [hidden, 3, patchSize, patchSize],
    0.1,
  );
  const patchBias = g.fill('vit.embeddings.patch_embeddings.projection.bias', [hidden], 0);
  const embedded = g.op('Conv', [pixels, patchWeight, patchBias], {
    kernel_shape: ints([patchSize, patchSize]),
    strides: ints([patchSize, patchSize]),
  });
  // [B, D, S/P, S/P] → [B, patches, D], then [CLS] in front and positions added.
  const tokens = g.op('Transpose', [g.op('Reshape', [embedded, g.int64([0, hidden, -1])])], {
    perm: ints([0, 2, 1]),
  });
  const cls = g.randn('vit.embeddings.cls_token', [1, 1, hidden], WEIGHT_STD.embedding);
  const clsShape = g.op('Concat', [dim(g, pixels, 0), g.int64([1, hidden])], { axis: int(0) });
  const withCls = g.op('Concat', [g.op('Expand', [cls, clsShape]), tokens], { axis: int(1) });
  const positions = g.randn(
    'vit.embeddings.position_embeddings',
    [patches + 1, hidden],
    WEIGHT_STD.embedding,
  );
  let h = g.op('Add', [withCls, positions]);

  for (let i = 0; i < layers; i++) {
    const name = `vit.encoder.layer.${i}`;
    const normed = layerNorm(g, h, hidden, `${name}.layernorm_before`);
    const [q, k, v] = ['query', 'key', 'value'].map((proj) =>
      projectHeads(g, normed, hidden, heads, `${name}.attention.${proj}`),
    );
    const context = mergeHeads(g, attention(g, q!, k!, v!, headDim), hidden);
    h = g.op('Add', [h, linear(g, context, hidden, hidden, `${name}.attention.output.dense`)]);
    h = feedForward(g, h, hidden, 4 * hidden, name);
  }
  const final = layerNorm(g, h, hidden, 'vit.layernorm');
  const clsState = g.op('Gather', [final, g.int64([0], [])], { axis: int(1) });
  const logits = linear(g, clsState, hidden, labels.length, 'classifier', WEIGHT_STD.head);
  g.output(logits, 'logits', 'float', ['batch_size', labels.length]);

  const id2label = Object.fromEntries(labels.map((label, i) => [String(i), label]));
  const label2id = Object.fromEntries(labels.map((label, i) => [label, i]));
  const config = {
    model_type: 'vit',
    architectures: ['ViTForImageClassification'],
    image_size: imageSize,
    patch_size: patchSize,
    num_channels: 3,
    hidden_size: hidden,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    intermediate_size: 4 * hidden,
    id2label,
    label2id,
    'transformers.js_config': TRANSFORMERS_JS_CONFIG,
  };
  const preprocessor = {
    image_processor_type: 'ViTImageProcessor',
    do_resize: true,
    size: { height: imageSize, width: imageSize },
    resample: 2,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
  };
  const files = new Map<string, string | Uint8Array>([
    ['config.json', jsonFile(config)],
    ['preprocessor_config.json', jsonFile(preprocessor)],
    ['onnx/model.onnx', g.toModel()],
  ]);
  return { name: 'tiny-vit', task: 'image-classification', files };
}
