/**
 * The request signature (reference/bittensor-sdk.md §1.5–1.6): the dendrite signs
 * `{nonce}.{dendrite hotkey}.{axon hotkey}.{uuid}.{body hash}` with sr25519 and sends
 * `0x` + hex. The axon signs `{nonce}.{dendrite hotkey}.{axon hotkey}.{uuid}` (no body hash) on
 * the responses it builds itself.
 *
 * Signing and verifying go through @polkadot/wasm-crypto (Rust schnorrkel, the crate btwallet
 * uses) when it is loaded: it is 6–7× faster than the pure-JS path `Keypair` uses, and the axon
 * verifies one signature per request. Without it, `Keypair` does the work; results are identical.
 */
import { isReady, sr25519Sign, sr25519Verify } from '@polkadot/wasm-crypto';
import { type Keypair, ss58Decode } from '@subnetkit/core';

export interface RequestSignatureFields {
  nonce: bigint;
  dendriteHotkey: string;
  axonHotkey: string;
  uuid: string;
  bodyHash: string;
}

export type AxonSignatureFields = Omit<RequestSignatureFields, 'bodyHash'>;

/** The exact message a dendrite signs and an axon verifies. */
export function requestSignatureMessage(fields: RequestSignatureFields): string {
  return `${fields.nonce}.${fields.dendriteHotkey}.${fields.axonHotkey}.${fields.uuid}.${fields.bodyHash}`;
}

/** The message an axon signs into `bt_header_axon_signature` of the responses it builds. */
export function axonSignatureMessage(fields: AxonSignatureFields): string {
  return `${fields.nonce}.${fields.dendriteHotkey}.${fields.axonHotkey}.${fields.uuid}`;
}

/** Signs UTF-8 text into the wire form `0x` + 128 hex digits. */
export interface Signer {
  readonly ss58Address: string;
  sign(message: string): string;
}

export function createSigner(keypair: Keypair): Signer {
  let wasmSecret: Uint8Array | undefined;
  return {
    ss58Address: keypair.ss58Address,
    sign(message) {
      const data = ENCODER.encode(message);
      if (!isReady()) return toHex(keypair.sign(data));
      wasmSecret ??= ed25519FormSecret(keypair.privateKey);
      return toHex(sr25519Sign(keypair.publicKey, wasmSecret, data));
    },
  };
}

/**
 * True when `signature` (`0x…` hex) is `signer`'s sr25519 signature of `message`, or of
 * `<Bytes>message</Bytes>` as polkadot.js wallets sign (btwallet accepts both). Never throws.
 */
export function verifySignature(message: string, signature: string, signer: string): boolean {
  const sig = signatureBytes(signature);
  const publicKey = publicKeyOf(signer);
  if (sig === undefined || publicKey === undefined) return false;
  const data = ENCODER.encode(message);
  return verifyBytes(data, sig, publicKey) || verifyBytes(wrapBytes(data), sig, publicKey);
}

const ENCODER = new TextEncoder();
const BYTES_OPEN = ENCODER.encode('<Bytes>');
const BYTES_CLOSE = ENCODER.encode('</Bytes>');
const SIGNATURE_HEX = /^(0x)?[0-9a-fA-F]{128}$/;
const PUBLIC_KEY_CACHE_SIZE = 4096;
// Decoding SS58 (base58 + blake2b checksum) costs about a tenth of a verification; hotkeys repeat.
const publicKeys = new Map<string, Uint8Array | undefined>();

function verifyBytes(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return sr25519Verify(signature, data, publicKey);
  } catch {
    return false;
  }
}

/** The public key of an SS58 hotkey, or undefined when it is not one; cached. */
export function publicKeyOf(ss58: string): Uint8Array | undefined {
  if (publicKeys.has(ss58)) return publicKeys.get(ss58);
  let key: Uint8Array | undefined;
  try {
    key = ss58Decode(ss58);
  } catch {
    key = undefined;
  }
  if (publicKeys.size >= PUBLIC_KEY_CACHE_SIZE) publicKeys.clear();
  publicKeys.set(ss58, key);
  return key;
}

function signatureBytes(signature: string): Uint8Array | undefined {
  if (!SIGNATURE_HEX.test(signature)) return undefined;
  return Buffer.from(signature.startsWith('0x') ? signature.slice(2) : signature, 'hex');
}

function wrapBytes(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(BYTES_OPEN.length + data.length + BYTES_CLOSE.length);
  out.set(BYTES_OPEN, 0);
  out.set(data, BYTES_OPEN.length);
  out.set(BYTES_CLOSE, BYTES_OPEN.length + data.length);
  return out;
}

function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

/**
 * schnorrkel's `SecretKey::to_ed25519_bytes`: the scalar times the cofactor 8 (a 3-bit shift of
 * the little-endian scalar), then the nonce. `Keypair.privateKey` is `to_bytes` (the bare scalar);
 * the wasm signer loads the ed25519 form.
 */
function ed25519FormSecret(privateKey: Uint8Array): Uint8Array {
  const secret = new Uint8Array(64);
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const shifted = ((privateKey[i] ?? 0) << 3) | carry;
    secret[i] = shifted & 0xff;
    carry = shifted >> 8;
  }
  secret.set(privateKey.subarray(32, 64), 32);
  return secret;
}
