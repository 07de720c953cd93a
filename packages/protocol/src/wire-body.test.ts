import { describe, expect, it } from 'vitest';
import { encodeSynapseBody, encodeTerminalInfo, pickFields } from './wire-body';

describe('encodeSynapseBody', () => {
  const body = encodeSynapseBody({
    name: 'Dummy',
    timeout: 12,
    dendrite: {
      ip: '1.2.3.4',
      version: 10_002_000,
      nonce: 1_732_000_000_000_000_123n,
      uuid: 'u',
      hotkey: 'D',
      signature: '0x01',
    },
    axon: { ip: '5.6.7.8', port: 8091, hotkey: 'A' },
    fields: { dummy_input: 4 },
    nullFields: ['dummy_output'],
  });

  it("is model_dump(): base fields first, then the synapse's, unset as null", () => {
    const parsed = JSON.parse(body);
    expect(Object.keys(parsed)).toEqual([
      'name',
      'timeout',
      'total_size',
      'header_size',
      'dendrite',
      'axon',
      'computed_body_hash',
      'dummy_input',
      'dummy_output',
    ]);
    expect(parsed.dummy_output).toBeNull();
    expect(parsed.computed_body_hash).toBe('');
    expect(Object.keys(parsed.dendrite)).toEqual([
      'status_code',
      'status_message',
      'process_time',
      'ip',
      'port',
      'version',
      'nonce',
      'uuid',
      'hotkey',
      'signature',
    ]);
    expect(parsed.axon.status_code).toBeNull();
  });

  it('writes the nonce digit for digit and the timeout as a float', () => {
    expect(body).toContain('"nonce":1732000000000000123');
    expect(body).toContain('"timeout":12.0');
  });

  it('writes process_time as a float', () => {
    expect(encodeTerminalInfo({ process_time: 1 })).toContain('"process_time":1.0');
  });
});

describe('pickFields', () => {
  it('keeps the named fields, leaving null out as unset', () => {
    expect(pickFields({ a: 1, b: null, c: 3, __proto__: { x: 1 } }, ['a', 'b', 'x'])).toEqual({ a: 1 });
  });
});
