import { describe, expect, it } from 'vitest';
import { Dummy, Words } from '../test/fixtures';
import { interpretResponse } from './response';

const sent = {
  dendrite: { ip: '1.1.1.1', nonce: 5n, uuid: 'u', hotkey: 'D', signature: '0x01', version: 10_002_000 },
  axon: { ip: '2.2.2.2', port: 8091, hotkey: 'A' },
};

describe('interpretResponse', () => {
  it('takes the response fields of a 200 and the status from the headers', () => {
    const outcome = interpretResponse(Dummy, sent, {
      status: 200,
      headers: {
        bt_header_axon_status_code: '200',
        bt_header_axon_status_message: 'Success',
        bt_header_axon_process_time: '0.5',
      },
      body: JSON.stringify({
        dummy_input: 4,
        dummy_output: 8,
        axon: { status_code: 200, process_time: 0.4 },
      }),
    });
    expect(outcome).toMatchObject({
      statusCode: 200,
      statusMessage: 'Success',
      response: { dummy_output: 8 },
      axon: { ip: '2.2.2.2', hotkey: 'A', process_time: 0.5 },
      dendrite: { nonce: 5n, status_code: 200, status_message: 'Success' },
    });
  });

  it('lets the headers win over the body, as Python merges them', () => {
    const outcome = interpretResponse(Dummy, sent, {
      status: 200,
      headers: { bt_header_dendrite_nonce: '1732000000000000123' },
      body: JSON.stringify({ dummy_output: 8, dendrite: { nonce: 1732000000000000000 } }),
    });
    expect('dendrite' in outcome && outcome.dendrite.nonce).toBe(1_732_000_000_000_000_123n);
  });

  it('reads the status and message of an error from the HTTP status and the body', () => {
    expect(
      interpretResponse(Dummy, sent, {
        status: 403,
        headers: {},
        body: '{"message":"Forbidden. Key is blacklisted: x."}',
      }),
    ).toMatchObject({ statusCode: 403, statusMessage: 'Forbidden. Key is blacklisted: x.' });
    expect(interpretResponse(Dummy, sent, { status: 404, headers: {}, body: '{}' })).toMatchObject({
      statusCode: 404,
      statusMessage: '',
    });
  });

  it("is Python's 422 for a body that is not the synapse's", () => {
    expect(
      interpretResponse(Dummy, sent, { status: 200, headers: {}, body: '{"dummy_output":"eight"}' }),
    ).toEqual({
      statusCode: 422,
      statusMessage: expect.stringMatching(/^Failed to parse response: \/dummy_output: /),
    });
    expect(
      interpretResponse(Dummy, sent, { status: 200, headers: {}, body: '{"dummy_output":null}' }),
    ).toMatchObject({
      statusCode: 422,
    });
    expect(
      interpretResponse(Dummy, sent, { status: 502, headers: {}, body: '<html>bad gateway</html>' }),
    ).toEqual({
      statusCode: 422,
      statusMessage: 'Failed to parse response: HTTP 502 with a body that is not a JSON object',
    });
    expect(
      interpretResponse(Dummy, sent, {
        status: 200,
        headers: { bt_header_axon_port: 'x' },
        body: '{"dummy_output":1}',
      }),
    ).toMatchObject({ statusCode: 422 });
  });

  it('reads a stream from its headers alone', () => {
    expect(
      interpretResponse(Words, sent, {
        status: 200,
        headers: { bt_header_axon_status_code: '200' },
        body: undefined,
      }),
    ).toMatchObject({ statusCode: 200 });
  });
});
