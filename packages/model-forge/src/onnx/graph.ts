/**
 * A small ONNX graph builder: named inputs and outputs, seeded initializers, nodes with typed
 * attributes, subgraphs for `If`, encoded straight to a `ModelProto` with the field numbers of
 * onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto).
 */
import type { Rng } from '../random';
import { ProtoWriter } from './protobuf';

/** TensorProto.DataType values. */
export const DataType = { float: 1, int64: 7, bool: 9 } as const;
export type ElemType = keyof typeof DataType;

/** A dimension: a number is fixed, a string is a symbolic (named) one such as `batch_size`. */
export type Dim = number | string;

export type AttributeValue =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'graph'; value: GraphBuilder };

/** Shorthands so nodes read like the ONNX operator docs: `{ axis: int(-1) }`. */
export const int = (value: number): AttributeValue => ({ kind: 'int', value });
export const ints = (value: readonly number[]): AttributeValue => ({ kind: 'ints', value });
export const float = (value: number): AttributeValue => ({ kind: 'float', value });
export const graph = (value: GraphBuilder): AttributeValue => ({ kind: 'graph', value });

interface ValueInfo {
  name: string;
  type: ElemType;
  /** `undefined`: type only, no shape (subgraph outputs). */
  dims: readonly Dim[] | undefined;
}

interface Tensor {
  name: string;
  type: ElemType;
  dims: readonly number[];
  data: Float32Array | BigInt64Array | Uint8Array;
}

interface NodeSpec {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes: Readonly<Record<string, AttributeValue>>;
}

export interface ModelOptions {
  /** ONNX IR version; 8 is what onnxruntime 1.1x–1.3x reads natively. */
  irVersion?: number;
  opset?: number;
  producer?: string;
}

export class GraphBuilder {
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly initializers: Tensor[] = [];
  private readonly nodes: NodeSpec[] = [];
  private counter = 0;

  /**
   * @param prefix makes the generated value names of a subgraph distinct from its parent's
   *   (ONNX requires names to be unique across the graph and the subgraphs that see it).
   */
  constructor(
    readonly name: string,
    private readonly rng: Rng,
    private readonly prefix = '',
  ) {}

  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.inputs.push({ name, type, dims });
    return name;
  }

  /** Marks `value` as a graph output, renaming it through Identity when the names differ. */
  output(value: string, name: string, type: ElemType, dims?: readonly Dim[]): void {
    if (value !== name) this.op('Identity', [value], {}, [name]);
    this.outputs.push({ name, type, dims });
  }

  /** A weight drawn from N(0, std²) with this graph's seeded generator. */
  randn(name: string, dims: readonly number[], std: number): string {
    const data = new Float32Array(product(dims));
    for (let i = 0; i < data.length; i++) data[i] = this.rng.normal() * std;
    return this.tensor(name, 'float', dims, data);
  }

  fill(name: string, dims: readonly number[], value: number): string {
    return this.tensor(name, 'float', dims, new Float32Array(product(dims)).fill(value));
  }

  floats(name: string, dims: readonly number[], values: Float32Array): string {
    return this.tensor(name, 'float', dims, values);
  }

  /** An int64 constant; `dims` `[]` makes a scalar. */
  int64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.tensor(this.fresh('const'), 'int64', dims, BigInt64Array.from(values.map(BigInt)));
  }

  scalar(value: number): string {
    return this.tensor(this.fresh('const'), 'float', [], Float32Array.of(value));
  }

  /** Adds a node and returns its first output's name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    outputs: readonly string[] = [this.fresh(opType)],
  ): string {
    this.nodes.push({ opType, inputs, outputs, attributes });
    return outputs[0]!;
  }

  /** Adds a node with several outputs. */
  opN(
    opType: string,
    inputs: readonly string[],
    count: number,
    attributes: Readonly<Record<string, AttributeValue>> = {},
  ): string[] {
    const outputs = Array.from({ length: count }, () => this.fresh(opType));
    this.op(opType, inputs, attributes, outputs);
    return outputs;
  }

  /** A subgraph (an `If` branch) that may read this graph's values and weights by name. */
  subgraph(name: string): GraphBuilder {
    return new GraphBuilder(name, this.rng, `${this.prefix}${name}/`);
  }

  fresh(hint: string): string {
    return `${this.prefix}${hint}_${this.counter++}`;
  }

  encodeGraph(): ProtoWriter {
    const graph = new ProtoWriter();
    for (const node of this.nodes) graph.message(1, encodeNode(node));
    graph.string(2, this.name);
    for (const tensor of this.initializers) graph.message(5, encodeTensor(tensor));
    for (const input of this.inputs) graph.message(11, encodeValueInfo(input));
    for (const output of this.outputs) graph.message(12, encodeValueInfo(output));
    return graph;
  }

  /** The serialized `ModelProto`. */
  toModel({ irVersion = 8, opset = 17, producer = 'subnetkit-model-forge' }: ModelOptions = {}): Uint8Array {
    const opsetId = new ProtoWriter().string(1, '').varint(2, opset);
    return new ProtoWriter()
      .varint(1, irVersion)
      .string(2, producer)
      .message(7, this.encodeGraph())
      .message(8, opsetId)
      .finish();
  }

  private tensor(name: string, type: ElemType, dims: readonly number[], data: Tensor['data']): string {
    this.initializers.push({ name, type, dims, data });
    return name;
  }
}

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function encodeNode(node: NodeSpec): ProtoWriter {
  const proto = new ProtoWriter();
  for (const input of node.inputs) proto.string(1, input);
  for (const output of node.outputs) proto.string(2, output);
  proto.string(3, node.outputs[0]!);
  proto.string(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes)) proto.message(5, encodeAttribute(name, value));
  return proto;
}

/** AttributeProto: the value's field and its AttributeType (FLOAT 1, INT 2, STRING 3, GRAPH 5, INTS 7). */
function encodeAttribute(name: string, attribute: AttributeValue): ProtoWriter {
  const proto = new ProtoWriter().string(1, name);
  switch (attribute.kind) {
    case 'float':
      return proto.float(2, attribute.value).varint(20, 1);
    case 'int':
      return proto.varint(3, attribute.value).varint(20, 2);
    case 'string':
      return proto.string(4, attribute.value).varint(20, 3);
    case 'graph':
      return proto.message(6, attribute.value.encodeGraph()).varint(20, 5);
    case 'ints':
      for (const value of attribute.value) proto.varint(8, value);
      return proto.varint(20, 7);
  }
}

function encodeTensor(tensor: Tensor): ProtoWriter {
  const proto = new ProtoWriter();
  for (const dim of tensor.dims) proto.varint(1, dim);
  proto.varint(2, DataType[tensor.type]);
  proto.string(8, tensor.name);
  // raw_data is little-endian, which is every platform Node runs on.
  proto.bytes(9, new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  return proto;
}

function encodeValueInfo(info: ValueInfo): ProtoWriter {
  const tensorType = new ProtoWriter().varint(1, DataType[info.type]);
  if (info.dims !== undefined) {
    const shape = new ProtoWriter();
    for (const dim of info.dims) {
      const dimension = new ProtoWriter();
      if (typeof dim === 'number') dimension.varint(1, dim);
      else dimension.string(2, dim);
      shape.message(1, dimension);
    }
    tensorType.message(2, shape);
  }
  return new ProtoWriter().string(1, info.name).message(2, new ProtoWriter().message(1, tensorType));
}
