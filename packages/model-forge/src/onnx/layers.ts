/**
 * Transformer building blocks on top of `GraphBuilder`, in the shapes Hugging Face exports use:
 * activations are [batch, time, hidden], attention runs on [batch, heads, time, head_dim].
 */
import { type GraphBuilder, int, ints } from './graph';

/** Standard deviations of the random weights: large enough that greedy decoding is not noise. */
export const WEIGHT_STD = { projection: 0.5, embedding: 0.5, head: 1.0 } as const;

/** A linear layer's initializers: a seeded weight scaled for its fan-in, a zero bias. */
export function linearWeights(
  g: GraphBuilder,
  inDim: number,
  outDim: number,
  name: string,
  std: number = WEIGHT_STD.projection,
): { weight: string; bias: string } {
  const weight = g.randn(`${name}.weight`, [inDim, outDim], std / Math.sqrt(inDim / 4));
  const bias = g.fill(`${name}.bias`, [outDim], 0);
  return { weight, bias };
}

export function linear(
  g: GraphBuilder,
  x: string,
  inDim: number,
  outDim: number,
  name: string,
  std: number = WEIGHT_STD.projection,
): string {
  const { weight, bias } = linearWeights(g, inDim, outDim, name, std);
  return g.op('Add', [g.op('MatMul', [x, weight]), bias]);
}

export function layerNorm(g: GraphBuilder, x: string, dim: number, name: string): string {
  const scale = g.fill(`${name}.weight`, [dim], 1);
  const bias = g.fill(`${name}.bias`, [dim], 0);
  return g.op('LayerNormalization', [x, scale, bias], {
    axis: int(-1),
    epsilon: { kind: 'float', value: 1e-5 },
  });
}

/** GELU as 0.5·x·(1 + erf(x/√2)), the exact form (opset 17 has no Gelu op). */
export function gelu(g: GraphBuilder, x: string): string {
  const erf = g.op('Erf', [g.op('Div', [x, g.scalar(Math.SQRT2)])]);
  return g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), g.op('Add', [erf, g.scalar(1)])]);
}

/** [B, T, heads·headDim] → [B, heads, T, headDim]. `0` in a Reshape shape copies that dimension. */
export function splitHeads(g: GraphBuilder, x: string, heads: number, headDim: number): string {
  const reshaped = g.op('Reshape', [x, g.int64([0, 0, heads, headDim])]);
  return g.op('Transpose', [reshaped], { perm: ints([0, 2, 1, 3]) });
}

/** A hidden → hidden projection (q, k or v), split into heads: [B, heads, T, headDim]. */
export function projectHeads(
  g: GraphBuilder,
  x: string,
  hidden: number,
  heads: number,
  name: string,
): string {
  return splitHeads(g, linear(g, x, hidden, hidden, name), heads, hidden / heads);
}

/** [B, heads, T, headDim] → [B, T, heads·headDim]. */
export function mergeHeads(g: GraphBuilder, x: string, hidden: number): string {
  const transposed = g.op('Transpose', [x], { perm: ints([0, 2, 1, 3]) });
  return g.op('Reshape', [transposed, g.int64([0, 0, hidden])]);
}

/** softmax(q·kᵀ/√d + bias)·v; `bias` (broadcast to [B, heads, Tq, Tk]) masks keys with -1e9. */
export function attention(
  g: GraphBuilder,
  q: string,
  k: string,
  v: string,
  headDim: number,
  bias?: string,
): string {
  const keysT = g.op('Transpose', [k], { perm: ints([0, 1, 3, 2]) });
  const scores = g.op('Div', [g.op('MatMul', [q, keysT]), g.scalar(Math.sqrt(headDim))]);
  const masked = bias === undefined ? scores : g.op('Add', [scores, bias]);
  return g.op('MatMul', [g.op('Softmax', [masked], { axis: int(-1) }), v]);
}

/** Dimension `axis` of `x`'s shape as a 1-element int64 tensor. */
export function dim(g: GraphBuilder, x: string, axis: number): string {
  return g.op('Shape', [x], { start: int(axis), end: int(axis + 1) });
}

/** A 1-element tensor as a scalar (what Range wants). */
export function toScalar(g: GraphBuilder, x: string): string {
  return g.op('Squeeze', [x, g.int64([0])]);
}

/**
 * Causal attention with a cache: query i (at absolute position past + i) may see key j when
 * j ≤ past + i. Returns the boolean [Tq, Tk] mask, so that a padding mask can be combined
 * with it before `maskToBias`.
 */
export function causalAllowed(g: GraphBuilder, pastLength: string, totalLength: string): string {
  const one = g.int64([1], []);
  const queries = g.op('Range', [pastLength, totalLength, one]);
  const keys = g.op('Range', [g.int64([0], []), totalLength, one]);
  return g.op('LessOrEqual', [
    g.op('Unsqueeze', [keys, g.int64([0])]),
    g.op('Unsqueeze', [queries, g.int64([1])]),
  ]);
}

/** 0 where allowed, -1e9 elsewhere: -1e9 rather than -inf, so a row with nothing allowed gives no NaN. */
export function maskToBias(g: GraphBuilder, allowed: string): string {
  return g.op('Where', [allowed, g.scalar(0), g.scalar(-1e9)]);
}

/** Pre-LN feed-forward block with its residual: x + W2·gelu(W1·LN(x)). */
export function feedForward(g: GraphBuilder, x: string, hidden: number, inner: number, name: string): string {
  const normed = layerNorm(g, x, hidden, `${name}.final_layer_norm`);
  const up = gelu(g, linear(g, normed, hidden, inner, `${name}.fc1`));
  return g.op('Add', [x, linear(g, up, inner, hidden, `${name}.fc2`)]);
}
