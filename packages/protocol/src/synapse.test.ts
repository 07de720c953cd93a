import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { DUMMY_4_HASH, Dummy } from '../test/fixtures';
import { ProtocolError } from './errors';
import { defineStreamingSynapse, defineSynapse, Ping } from './synapse';

describe('defineSynapse', () => {
  it('derives the route, the required fields, the timeout and the body hash', () => {
    expect(Dummy.name).toBe('Dummy');
    expect(Dummy.kind).toBe('unary');
    expect(Dummy.timeout).toBe(12);
    expect(Dummy.requiredFields).toEqual(['dummy_input']);
    expect(Dummy.bodyHash({ dummy_input: 4 })).toBe(DUMMY_4_HASH);
    expect(Ping.name).toBe('Synapse');
  });

  it('does not count optional request fields as required', () => {
    const S = defineSynapse({ name: 'S', request: { a: Type.String(), b: Type.Optional(Type.Integer()) } });
    expect(S.requiredFields).toEqual(['a']);
  });

  it('checks requests and responses against their schemas, naming the field', () => {
    expect(Dummy.checkRequest({ dummy_input: 4 })).toBeUndefined();
    expect(Dummy.checkRequest({ dummy_input: 'four' })).toMatch(/^\/dummy_input: /);
    expect(Dummy.checkRequest({})).toMatch(/^\/dummy_input: /);
    expect(Dummy.checkResponse({ dummy_output: 8 })).toBeUndefined();
    expect(Dummy.checkResponse({ dummy_output: 8.5 })).toMatch(/^\/dummy_output: /);
  });

  it.each([
    [{ name: 'has space', request: {} }, 'InvalidSynapse'],
    [{ name: '1st', request: {} }, 'InvalidSynapse'],
    [{ name: 'S', request: { timeout: Type.Number() } }, 'InvalidSynapse'],
    [{ name: 'S', request: { dendrite: Type.String() } }, 'InvalidSynapse'],
    [{ name: 'S', request: { a: Type.String() }, response: { a: Type.String() } }, 'InvalidSynapse'],
    [{ name: 'S', request: {}, timeout: 0 }, 'InvalidSynapse'],
  ])('refuses %j', (spec, code) => {
    expect(() => defineSynapse(spec)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a hash field that is not a request field or cannot be hashed as Python does', () => {
    expect(() =>
      defineSynapse({ name: 'S', request: { a: Type.String() }, hashFields: ['b' as 'a'] }),
    ).toThrow(ProtocolError);
    expect(() => defineSynapse({ name: 'S', request: { a: Type.Uint8Array() }, hashFields: ['a'] })).toThrow(
      expect.objectContaining({ code: 'UnsupportedHashField' }),
    );
  });
});

describe('defineStreamingSynapse', () => {
  it('has no response fields', () => {
    const S = defineStreamingSynapse({ name: 'Stream', request: { prompt: Type.String() }, timeout: 30 });
    expect(S.kind).toBe('stream');
    expect(S.timeout).toBe(30);
    expect('response' in S).toBe(false);
  });
});
