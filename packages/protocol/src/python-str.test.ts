import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors';
import { assertPythonPrintable, pythonFloatRepr, pythonStr, pythonStringRepr } from './python-str';

describe('pythonFloatRepr', () => {
  // Each right-hand side is what CPython's repr() prints.
  it.each([
    [4, '4.0'],
    [100, '100.0'],
    [-2.5, '-2.5'],
    [123.456, '123.456'],
    [1 / 3, '0.3333333333333333'],
    [0.0001, '0.0001'],
    [1.5e-5, '1.5e-05'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [1e22, '1e+22'],
    [9999999999999998, '9999999999999998.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [12, '12.0'],
  ])('%s → %s', (value, expected) => {
    expect(pythonFloatRepr(value)).toBe(expected);
  });
});

describe('pythonStringRepr', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", `"it's"`],
    [`a"b'c`, `'a"b\\'c'`],
    ['x\ny\tz\r', "'x\\ny\\tz\\r'"],
    ['back\\slash', "'back\\\\slash'"],
    ['\x07\u00a0\u2028é😀\u200b', "'\\x07\\xa0\\u2028é😀\\u200b'"],
  ])('%j', (text, expected) => {
    expect(pythonStringRepr(text)).toBe(expected);
  });
});

describe('pythonStr', () => {
  it('prints a top-level string as itself and other values as repr', () => {
    expect(pythonStr('héllo', Type.String())).toBe('héllo');
    expect(pythonStr(4, Type.Integer())).toBe('4');
    expect(pythonStr(4, Type.Number())).toBe('4.0');
    expect(pythonStr(true, Type.Boolean())).toBe('True');
    expect(pythonStr(undefined, Type.Optional(Type.Integer()))).toBe('None');
    expect(pythonStr(null, Type.Null())).toBe('None');
  });

  it('prints lists and dicts as Python does', () => {
    const schema = Type.Object({ k: Type.Array(Type.Number()), q: Type.String() });
    expect(pythonStr({ q: 'x\ny', k: [1, 2.5] }, schema)).toBe("{'k': [1.0, 2.5], 'q': 'x\\ny'}");
    expect(pythonStr(['a', "it's"], Type.Array(Type.String()))).toBe(`['a', "it's"]`);
    expect(pythonStr({ b: 1, a: 2 }, Type.Record(Type.String(), Type.Integer()))).toBe("{'b': 1, 'a': 2}");
  });

  it('dumps unset fields of a nested model as None', () => {
    const schema = Type.Object({ a: Type.Integer(), b: Type.Optional(Type.String()) });
    expect(pythonStr({ a: 1 }, schema)).toBe("{'a': 1, 'b': None}");
  });

  it('picks the union member the value matches', () => {
    const schema = Type.Union([Type.Integer(), Type.String(), Type.Null()]);
    expect(pythonStr(3, schema)).toBe('3');
    expect(pythonStr('3', schema)).toBe('3');
    expect(pythonStr(null, schema)).toBe('None');
  });
});

describe('assertPythonPrintable', () => {
  it('accepts JSON-shaped schemas', () => {
    expect(() =>
      assertPythonPrintable(
        Type.Object({ a: Type.Array(Type.Union([Type.String(), Type.Null()])), b: Type.Literal('x') }),
        'S.f',
      ),
    ).not.toThrow();
  });

  it('refuses types whose Python str() is not reproduced', () => {
    for (const schema of [Type.Uint8Array(), Type.Any(), Type.Array(Type.Date())]) {
      expect(() => assertPythonPrintable(schema, 'S.f')).toThrow(ProtocolError);
    }
  });
});
