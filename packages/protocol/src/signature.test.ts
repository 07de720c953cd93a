import { signatureVerify } from '@polkadot/util-crypto';
import * as scure from '@scure/sr25519';
import { cryptoReady, Keypair } from '@subnetkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALICE, alice, BOB, bob, DUMMY_4_HASH, FIXED_NONCE, FIXED_UUID } from '../test/fixtures';
import {
  axonSignatureMessage,
  createSigner,
  publicKeyOf,
  requestSignatureMessage,
  verifySignature,
} from './signature';

beforeAll(cryptoReady);

const FIELDS = {
  nonce: FIXED_NONCE,
  dendriteHotkey: ALICE,
  axonHotkey: BOB,
  uuid: FIXED_UUID,
  bodyHash: DUMMY_4_HASH,
};
const MESSAGE =
  '1732000000000000000.5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY.' +
  '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.6e3c3f5a-9b1e-11ef-8f3a-0242ac120002.' +
  'b103dc8a5244fd6548f7c0de617ee66d25f79007a993bc15c6ea11d8390e6279';
// //Alice's signature of MESSAGE, made once with Rust schnorrkel (@polkadot/wasm-crypto, the
// crate btwallet signs with). sr25519 signatures are randomised, so this is a fixture to verify,
// not a value to reproduce.
const FIXTURE_SIGNATURE =
  '0x04c0f7be7601100758bebf21cfb15afd28f02591fa97c4552fb7dad0f6970e457a996c3ebf94faecc5cf9438f69a01b23a715cc7dd561a47d3999bea62934383';

describe('signature messages', () => {
  it('is {nonce}.{dendrite}.{axon}.{uuid}.{body hash} for a request', () => {
    expect(requestSignatureMessage(FIELDS)).toBe(MESSAGE);
  });

  it('has no body hash in the axon signature', () => {
    const { bodyHash: _, ...rest } = FIELDS;
    expect(axonSignatureMessage(rest)).toBe(MESSAGE.slice(0, MESSAGE.lastIndexOf('.')));
  });
});

describe('verifySignature', () => {
  it('accepts the fixture with every sr25519 implementation at hand', () => {
    expect(verifySignature(MESSAGE, FIXTURE_SIGNATURE, ALICE)).toBe(true);
    expect(Keypair.verify(MESSAGE, FIXTURE_SIGNATURE, ALICE)).toBe(true);
    expect(signatureVerify(MESSAGE, FIXTURE_SIGNATURE, ALICE).isValid).toBe(true);
    const bytes = Buffer.from(FIXTURE_SIGNATURE.slice(2), 'hex');
    expect(scure.verify(new TextEncoder().encode(MESSAGE), bytes, alice.publicKey)).toBe(true);
  });

  it('refuses another message, another signer, or a malformed signature', () => {
    expect(verifySignature(MESSAGE.replace('1732', '1733'), FIXTURE_SIGNATURE, ALICE)).toBe(false);
    expect(verifySignature(MESSAGE, FIXTURE_SIGNATURE, BOB)).toBe(false);
    expect(verifySignature(MESSAGE, FIXTURE_SIGNATURE.slice(0, -2), ALICE)).toBe(false);
    expect(verifySignature(MESSAGE, `${FIXTURE_SIGNATURE.slice(0, -2)}zz`, ALICE)).toBe(false);
    expect(verifySignature(MESSAGE, FIXTURE_SIGNATURE, 'not-an-address')).toBe(false);
    expect(verifySignature(MESSAGE, '', ALICE)).toBe(false);
  });

  it('accepts a signature without 0x, and one over <Bytes>…</Bytes> (polkadot.js wallets)', () => {
    expect(verifySignature(MESSAGE, FIXTURE_SIGNATURE.slice(2), ALICE)).toBe(true);
    const wrapped = Buffer.from(alice.sign(`<Bytes>${MESSAGE}</Bytes>`)).toString('hex');
    expect(verifySignature(MESSAGE, `0x${wrapped}`, ALICE)).toBe(true);
  });
});

describe('createSigner', () => {
  it('signs what core Keypair, @polkadot and @scure verify', () => {
    const signature = createSigner(alice).sign(MESSAGE);
    expect(signature).toMatch(/^0x[0-9a-f]{128}$/);
    expect(Keypair.verify(MESSAGE, signature, ALICE)).toBe(true);
    expect(signatureVerify(MESSAGE, signature, ALICE).isValid).toBe(true);
    expect(verifySignature(MESSAGE, signature, ALICE)).toBe(true);
    expect(verifySignature(MESSAGE, signature, bob.ss58Address)).toBe(false);
  });

  it('works for keys from a mnemonic and from a seed too', () => {
    for (const key of [Keypair.fromUri('//Eve//hard/soft'), Keypair.fromSeed(`0x${'11'.repeat(32)}`)]) {
      const signature = createSigner(key).sign('hello');
      expect(Keypair.verify('hello', signature, key.ss58Address)).toBe(true);
    }
  });
});

describe('publicKeyOf', () => {
  it('decodes SS58 and refuses anything else', () => {
    expect(publicKeyOf(ALICE)).toEqual(alice.publicKey);
    expect(publicKeyOf('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ')).toBeUndefined();
  });
});
