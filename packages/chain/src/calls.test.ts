import { describe, expect, it } from 'vitest';
import { decodeCall, encodeCall } from './calls';
import { ChainError } from './errors';
import { verifyExtrinsic } from './extrinsic';

const ADDRESS = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ChainError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return undefined;
}

describe('calls on the wire', () => {
  it('round-trips rao amounts as decimal strings beyond 2^53', () => {
    const wire = { call: 'transfer', dest: ADDRESS, amount: '21000000000000000' } as const;
    const call = decodeCall(wire);
    expect(call).toEqual({ call: 'transfer', dest: ADDRESS, amount: 21_000_000_000_000_000n });
    expect(encodeCall(call)).toEqual(wire);
  });

  it('reads rao hyperparameters as bigint, whether sent as a string or an integer', () => {
    expect(decodeCall({ call: 'set_hyperparameter', netuid: 1, name: 'min_burn', value: '5' })).toMatchObject(
      { value: 5n },
    );
    expect(decodeCall({ call: 'set_hyperparameter', netuid: 1, name: 'min_burn', value: 5 })).toMatchObject({
      value: 5n,
    });
    expect(
      codeOf(() => decodeCall({ call: 'set_hyperparameter', netuid: 1, name: 'tempo', value: '5' })),
    ).toMatch(/InvalidCall/);
  });

  it('names what is wrong with a bad call', () => {
    expect(codeOf(() => decodeCall({ call: 'mint_me_tao' }))).toMatch(
      /InvalidCall: unknown call "mint_me_tao"/,
    );
    expect(codeOf(() => decodeCall({ call: 'transfer', dest: ADDRESS, amount: '-5' }))).toMatch(
      /InvalidCall: transfer: \/amount/,
    );
    expect(codeOf(() => decodeCall({ call: 'transfer', dest: ADDRESS, amount: '5', extra: 1 }))).toMatch(
      /InvalidCall/,
    );
    expect(codeOf(() => decodeCall(null))).toMatch(/InvalidCall/);
  });

  it('rejects a malformed extrinsic envelope with the field named', () => {
    const call = { call: 'transfer', dest: ADDRESS, amount: '5' };
    expect(
      codeOf(() => verifyExtrinsic({ call, signer: ADDRESS, nonce: -1, signature: '0x00' }, '0x')),
    ).toMatch(/InvalidCall: extrinsic \/nonce/);
    expect(
      codeOf(() =>
        verifyExtrinsic({ call: { call: 'nope' }, signer: ADDRESS, nonce: 0, signature: '0x00' }, '0x'),
      ),
    ).toMatch(/unknown call "nope"/);
  });
});
