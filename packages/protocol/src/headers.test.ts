import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors';
import { decodeHeaders, encodeHeaders, headerSafe, inputObjectPlaceholder, inputObjects } from './headers';

describe('encodeHeaders', () => {
  const headers = encodeHeaders({
    name: 'Dummy',
    timeout: 12,
    axon: { ip: '10.0.0.2', port: 8091, hotkey: 'AXON' },
    dendrite: {
      ip: '10.0.0.1',
      version: 10_002_000,
      nonce: 1_732_000_000_000_000_123n,
      uuid: 'u',
      hotkey: 'D',
      signature: '0xab',
    },
    inputObjects: { dummy_input: 'MA==' },
    totalSize: 321,
    computedBodyHash: 'hash',
  });

  it("writes Python's header set in Python's order", () => {
    expect(Object.keys(headers)).toEqual([
      'name',
      'timeout',
      'bt_header_axon_ip',
      'bt_header_axon_port',
      'bt_header_axon_hotkey',
      'bt_header_dendrite_ip',
      'bt_header_dendrite_version',
      'bt_header_dendrite_nonce',
      'bt_header_dendrite_uuid',
      'bt_header_dendrite_hotkey',
      'bt_header_dendrite_signature',
      'bt_header_input_obj_dummy_input',
      'header_size',
      'total_size',
      'computed_body_hash',
    ]);
  });

  it('writes values as Python str() does', () => {
    expect(headers.timeout).toBe('12.0');
    expect(headers.bt_header_dendrite_nonce).toBe('1732000000000000123');
    expect(headers.bt_header_axon_port).toBe('8091');
    expect(headers.total_size).toBe('321');
    expect(Number(headers.header_size)).toBeGreaterThan(0);
  });

  it('writes process_time as a Python float', () => {
    const out = encodeHeaders({
      name: 'S',
      timeout: 0.5,
      axon: { process_time: 2 },
      dendrite: {},
      computedBodyHash: '',
    });
    expect(out.bt_header_axon_process_time).toBe('2.0');
    expect(out.timeout).toBe('0.5');
  });

  it('never writes a character a header cannot hold', () => {
    const out = encodeHeaders({
      name: 'S',
      timeout: 1,
      axon: { status_message: 'bad\r\nX-Injected: 1 — ünïcode' },
      dendrite: {},
      computedBodyHash: '',
    });
    expect(out.bt_header_axon_status_message).toBe('bad??X-Injected: 1 ? ?n?code');
    expect(headerSafe('ok\ttab')).toBe('ok\ttab');
  });
});

describe('inputObjectPlaceholder', () => {
  // base64(json.dumps(type(value)())), §1.3.
  it.each([
    [7, Type.Integer(), 'MA=='],
    ['text', Type.String(), 'IiI='],
    [['a'], Type.Array(Type.String()), 'W10='],
    [{ a: 1 }, Type.Object({ a: Type.Integer() }), 'e30='],
    [1.5, Type.Number(), 'MC4w'],
    [2, Type.Number(), 'MC4w'],
    [true, Type.Boolean(), 'ZmFsc2U='],
  ])('%j → %s', (value, schema, expected) => {
    expect(inputObjectPlaceholder(value, schema)).toBe(expected);
  });

  it('skips None, and falls back to the schema without a value', () => {
    expect(inputObjectPlaceholder(null, Type.Integer())).toBeUndefined();
    expect(inputObjectPlaceholder(undefined, Type.Integer())).toBe('MA==');
    expect(inputObjectPlaceholder(undefined, Type.Union([Type.Null(), Type.String()]))).toBe('IiI=');
  });

  it('covers the required fields only', () => {
    const schemas = { a: Type.Integer(), b: Type.Optional(Type.String()) };
    expect(inputObjects(['a'], schemas, { a: 3, b: 'x' })).toEqual({ a: 'MA==' });
  });
});

describe('decodeHeaders', () => {
  it('parses what encodeHeaders wrote', () => {
    const encoded = encodeHeaders({
      name: 'Dummy',
      timeout: 3.5,
      axon: { ip: '1.2.3.4', port: 9000, hotkey: 'A', status_code: 200, process_time: 0.25 },
      dendrite: { nonce: 2n ** 63n + 5n, version: 10_002_000, uuid: 'u', hotkey: 'D', signature: '0x01' },
      computedBodyHash: 'h',
    });
    expect(decodeHeaders(encoded)).toEqual({
      name: 'Dummy',
      timeout: 3.5,
      computedBodyHash: 'h',
      axon: { ip: '1.2.3.4', port: 9000, hotkey: 'A', status_code: 200, process_time: 0.25 },
      dendrite: { nonce: 2n ** 63n + 5n, version: 10_002_000, uuid: 'u', hotkey: 'D', signature: '0x01' },
    });
  });

  it('ignores unknown fields and unrelated headers', () => {
    expect(
      decodeHeaders({ bt_header_axon_colour: 'red', host: 'x', bt_header_input_obj_x: '!!not base64' }),
    ).toEqual({ axon: {}, dendrite: {} });
  });

  it.each([
    [{ bt_header_dendrite_nonce: '12abc' }, 'bt_header_dendrite_nonce'],
    [{ bt_header_dendrite_nonce: '-5' }, 'bt_header_dendrite_nonce'],
    [{ bt_header_dendrite_version: '1.5' }, 'bt_header_dendrite_version'],
    [{ bt_header_axon_port: 'eighty' }, 'bt_header_axon_port'],
    [{ bt_header_axon_process_time: 'nan' }, 'bt_header_axon_process_time'],
    [{ timeout: 'soon' }, 'timeout'],
    [{ timeout: '0' }, 'timeout'],
    [{ timeout: '-1.0' }, 'timeout'],
    [{ bt_header_dendrite_hotkey: ['a', 'b'] }, 'bt_header_dendrite_hotkey'],
  ])('refuses %j, naming the header', (headers, name) => {
    expect(() => decodeHeaders(headers)).toThrow(ProtocolError);
    expect(() => decodeHeaders(headers)).toThrow(name);
  });
});
