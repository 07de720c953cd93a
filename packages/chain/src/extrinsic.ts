import { blake2b } from '@noble/hashes/blake2b';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { Keypair } from '@subnetkit/core';
import { type Call, decodeCall, encodeCall, WireCallSchema } from './calls';
import { canonicalJson } from './codec';
import { ChainError } from './errors';

/** A signed extrinsic on the wire. The signature covers the genesis hash, so it cannot replay on another chain. */
export const SignedExtrinsicSchema = Type.Object(
  {
    call: WireCallSchema,
    signer: Type.String({ maxLength: 48 }),
    nonce: Type.Integer({ minimum: 0 }),
    signature: Type.String({ pattern: '^0x[0-9a-fA-F]{128}$' }),
  },
  { additionalProperties: false },
);
export type SignedExtrinsic = Static<typeof SignedExtrinsicSchema>;

/** An extrinsic whose signature has been checked, ready for the ledger. */
export interface VerifiedExtrinsic {
  hash: string;
  signer: string;
  nonce: number;
  call: Call;
  wire: SignedExtrinsic;
}

const encoder = new TextEncoder();

export function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

export function hashOf(text: string): string {
  return toHex(blake2b(encoder.encode(text), { dkLen: 32 }));
}

/** The 32-byte digest a signer signs. */
export function signingPayload(genesisHash: string, call: Call, signer: string, nonce: number): Uint8Array {
  const text = `subnetkit/extrinsic/v1:${genesisHash}:${canonicalJson(encodeCall(call))}:${signer}:${nonce}`;
  return blake2b(encoder.encode(text), { dkLen: 32 });
}

export function signExtrinsic(
  call: Call,
  keypair: Keypair,
  nonce: number,
  genesisHash: string,
): SignedExtrinsic {
  const signature = keypair.sign(signingPayload(genesisHash, call, keypair.ss58Address, nonce));
  return { call: encodeCall(call), signer: keypair.ss58Address, nonce, signature: toHex(signature) };
}

export function extrinsicHash(ext: SignedExtrinsic): string {
  return hashOf(canonicalJson(ext));
}

/** Checks shape and signature; throws ChainError('InvalidCall' | 'InvalidSignature'). */
export function verifyExtrinsic(wire: unknown, genesisHash: string): VerifiedExtrinsic {
  if (!Value.Check(SignedExtrinsicSchema, wire)) {
    // A bad call is reported with the call's own error (decodeCall throws); otherwise the envelope's.
    decodeCall((wire as { call?: unknown } | null)?.call);
    const first = [...Value.Errors(SignedExtrinsicSchema, wire)][0];
    throw new ChainError('InvalidCall', `extrinsic ${first?.path || ''} ${first?.message ?? 'is invalid'}`);
  }
  const call = decodeCall(wire.call);
  const payload = signingPayload(genesisHash, call, wire.signer, wire.nonce);
  if (!Keypair.verify(payload, wire.signature, wire.signer)) {
    throw new ChainError(
      'InvalidSignature',
      `the signature does not match signer ${wire.signer} for this chain`,
    );
  }
  return { hash: extrinsicHash(wire), signer: wire.signer, nonce: wire.nonce, call, wire };
}
