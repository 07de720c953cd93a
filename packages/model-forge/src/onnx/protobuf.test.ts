import { describe, expect, it } from 'vitest';
import { encodeVarint, ProtoWriter } from './protobuf';

describe('encodeVarint', () => {
  it('writes the examples of the protobuf encoding guide', () => {
    expect([...encodeVarint(1)]).toEqual([0x01]);
    expect([...encodeVarint(150)]).toEqual([0x96, 0x01]);
    expect([...encodeVarint(300)]).toEqual([0xac, 0x02]);
  });

  it('writes negative int64 as ten bytes of two’s complement', () => {
    expect([...encodeVarint(-1)]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(encodeVarint(-2)[0]).toBe(0xfe);
  });

  it('writes values past 2^53 exactly as bigints', () => {
    expect([...encodeVarint(2n ** 63n)]).toEqual([
      0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01,
    ]);
    expect(() => encodeVarint(2n ** 64n)).toThrow(RangeError);
  });
});

describe('ProtoWriter', () => {
  it('tags each field with its number and wire type', () => {
    // Field 1 varint 150 is the guide's "08 96 01"; field 2 string "testing" is "12 07 74 65 73 74 69 6e 67".
    const bytes = new ProtoWriter().varint(1, 150).string(2, 'testing').finish();
    expect(Buffer.from(bytes).toString('hex')).toBe('089601120774657374696e67');
  });

  it('writes floats as little-endian fixed32 and nests messages with their length', () => {
    const inner = new ProtoWriter().float(2, 1.5);
    const bytes = new ProtoWriter().message(3, inner).varint(4, true).finish();
    // 0x1a = field 3 length-delimited, 5 bytes: 0x15 (field 2 fixed32) + 1.5f = 00 00 c0 3f.
    expect(Buffer.from(bytes).toString('hex')).toBe('1a05150000c03f2001');
  });
});
