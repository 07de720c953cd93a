/**
 * The few pieces of the protobuf wire format an ONNX file needs (varints, length-delimited
 * fields, fixed32 floats), written by hand: no schema compiler, no dependency.
 * https://protobuf.dev/programming-guides/encoding/
 */

const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_LENGTH_DELIMITED = 2;

const textEncoder = new TextEncoder();

/** Appends fields in order; `finish()` returns the message bytes. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  /** int32/int64/enum/bool as a varint; negative values take ten bytes (two's complement). */
  varint(field: number, value: number | bigint | boolean): this {
    this.tag(field, WIRE_VARINT);
    this.push(encodeVarint(typeof value === 'boolean' ? (value ? 1 : 0) : value));
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.push(encodeVarint(value.length));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    this.push(encodeVarint(field * 8 + wireType));
  }

  private push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
}

/** Base-128 varint, least significant group first; negative numbers as 64-bit two's complement. */
export function encodeVarint(value: number | bigint): Uint8Array {
  let rest = BigInt(value);
  if (rest < 0n) rest += 1n << 64n;
  if (rest >= 1n << 64n) throw new RangeError(`varint out of range: ${value}`);
  const bytes: number[] = [];
  do {
    const group = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? group | 0x80 : group);
  } while (rest > 0n);
  return Uint8Array.from(bytes);
}
