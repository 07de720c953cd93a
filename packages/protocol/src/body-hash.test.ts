import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { computeBodyHash, EMPTY_BODY_HASH, sha3Hex } from './body-hash';

// Golden values: reference/bittensor-sdk.md §1.4, and CPython's hashlib for the rest.
describe('body hash', () => {
  it('is sha3_256("") with no hash fields', () => {
    expect(EMPTY_BODY_HASH).toBe('a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a');
    expect(computeBodyHash([], { anything: 1 })).toBe(EMPTY_BODY_HASH);
  });

  it('matches the Dummy synapse with dummy_input=4', () => {
    const fields = [{ name: 'dummy_input', schema: Type.Integer() }];
    expect(computeBodyHash(fields, { dummy_input: 4 })).toBe(
      'b103dc8a5244fd6548f7c0de617ee66d25f79007a993bc15c6ea11d8390e6279',
    );
  });

  it('hashes Python str() of lists, floats, booleans and None', () => {
    const fields = [
      { name: 'tags', schema: Type.Array(Type.String()) },
      { name: 'score', schema: Type.Number() },
      { name: 'flag', schema: Type.Boolean() },
      { name: 'missing', schema: Type.Optional(Type.Integer()) },
    ];
    expect(computeBodyHash(fields, { tags: ['a', "it's"], score: 4, flag: true })).toBe(
      '732125d263f6c78fdec4fa46d9b0cad97791c523ad892928f83a32295ce9b36e',
    );
  });

  // pydantic coerces the 1 of a list[float] to 1.0 before str() sees it.
  it('hashes dicts, text and negative ints', () => {
    const fields = [
      { name: 'meta', schema: Type.Object({ k: Type.Array(Type.Number()), q: Type.String() }) },
      { name: 'text', schema: Type.String() },
      { name: 'n', schema: Type.Integer() },
    ];
    expect(computeBodyHash(fields, { meta: { k: [1, 2.5], q: 'x\ny' }, text: 'plain text', n: -7 })).toBe(
      '535b29dc80da4859b501acd10bf52ab851c8120ef76b520b1a0a3d36ed8567d1',
    );
  });

  it('hashes UTF-8 text and floats in exponent form', () => {
    const fields = [
      { name: 'text', schema: Type.String() },
      { name: 'small', schema: Type.Number() },
      { name: 'large', schema: Type.Number() },
    ];
    expect(computeBodyHash(fields, { text: 'héllo wörld ✓', small: 1e-5, large: 1e16 })).toBe(
      '1fb2870641e4af75f18a4aa926e72ecf202ac350ba08fb8c19542e394e16ed56',
    );
  });

  it('uses the field order given, not the value order', () => {
    const a = { name: 'a', schema: Type.Integer() };
    const b = { name: 'b', schema: Type.Integer() };
    expect(computeBodyHash([a, b], { a: 1, b: 2 })).not.toBe(computeBodyHash([b, a], { a: 1, b: 2 }));
    expect(computeBodyHash([a, b], { a: 1, b: 2 })).toBe(sha3Hex(sha3Hex('1') + sha3Hex('2')));
  });
});
