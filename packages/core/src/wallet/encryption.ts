/**
 * Keyfile encryption as btwallet does it (reference §5.3): `$NACL` + 24-byte nonce + XSalsa20-Poly1305
 * secretbox, keyed by Argon2i v1.3 over the password with a fixed salt. Older formats are
 * recognised: legacy Fernet (`gAAAAA`) is decrypted, Ansible Vault is reported.
 */
import { createDecipheriv, createHmac, pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { u8aConcat } from '@polkadot/util';
import sodium from 'libsodium-wrappers-sumo';
import { WalletError } from './errors';

/** Argon2i cost parameters: iterations and memory in bytes. */
export interface KdfParams {
  readonly opslimit: number;
  readonly memlimit: number;
}

/**
 * btwallet's `pwhash::argon2i13::OPSLIMIT_SENSITIVE` / `MEMLIMIT_SENSITIVE` (libsodium's
 * `crypto_pwhash_argon2i_*`). Not libsodium-wrappers' generic `crypto_pwhash_*_SENSITIVE`, which are
 * the Argon2id values (4, 1 GiB) and would derive a different key.
 */
export const BTWALLET_KDF: KdfParams = { opslimit: 8, memlimit: 536_870_912 };

/** btwallet's `NACL_SALT`, the Python literal `b"\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1"`. */
export const NACL_SALT = Uint8Array.from([
  0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1,
]);

export type KeyfileEncryption = 'nacl' | 'ansible-vault' | 'fernet';

export interface EncryptionOptions {
  /** @internal Test-only: cheaper Argon2i. A keyfile written with other parameters is unreadable by btcli. */
  kdf?: KdfParams;
  /** @internal Test-only: PBKDF2 rounds of legacy Fernet keyfiles (10 000 000 in bittensor). */
  fernetIterations?: number;
}

const NACL_PREFIX = new TextEncoder().encode('$NACL');
const ANSIBLE_PREFIX = new TextEncoder().encode('$ANSIBLE_VAULT');
const FERNET_PREFIX = new TextEncoder().encode('gAAAAA');
const NONCE_BYTES = 24;
const KEY_BYTES = 32;
const MAC_BYTES = 16;
const FERNET_SALT = 'Iguesscyborgslikemyselfhaveatendencytobeparanoidaboutourorigins';
const FERNET_ITERATIONS = 10_000_000;

/** How `data` is encrypted, or null for a plain JSON keyfile. */
export function keyfileEncryption(data: Uint8Array): KeyfileEncryption | null {
  if (startsWith(data, NACL_PREFIX)) return 'nacl';
  if (startsWith(data, ANSIBLE_PREFIX)) return 'ansible-vault';
  if (startsWith(data, FERNET_PREFIX)) return 'fernet';
  return null;
}

/** The 32-byte secretbox key for `password`. Takes seconds and 512 MiB with the btwallet parameters. */
export async function deriveKeyfileKey(password: string, kdf: KdfParams = BTWALLET_KDF): Promise<Uint8Array> {
  await sodium.ready;
  return sodium.crypto_pwhash(
    KEY_BYTES,
    new TextEncoder().encode(password),
    NACL_SALT,
    kdf.opslimit,
    kdf.memlimit,
    sodium.crypto_pwhash_ALG_ARGON2I13,
  );
}

/** Encrypts keyfile JSON the way btwallet's `encrypt_keyfile_data` does. */
export async function encryptKeyfileData(
  data: Uint8Array,
  password: string,
  options: EncryptionOptions = {},
): Promise<Uint8Array> {
  const key = await deriveKeyfileKey(password, options.kdf);
  const nonce = sodium.randombytes_buf(NONCE_BYTES);
  const sealed = sodium.crypto_secretbox_easy(data, nonce, key);
  return u8aConcat(NACL_PREFIX, nonce, sealed);
}

/** Decrypts an encrypted keyfile; a wrong password is a `WalletError` with code `WrongPassword`. */
export async function decryptKeyfileData(
  data: Uint8Array,
  password: string,
  options: EncryptionOptions = {},
): Promise<Uint8Array> {
  switch (keyfileEncryption(data)) {
    case 'nacl':
      return openNacl(data, password, options.kdf);
    case 'fernet':
      return openFernet(data, password, options.fernetIterations ?? FERNET_ITERATIONS);
    case 'ansible-vault':
      throw new WalletError(
        'UnsupportedEncryption',
        'This keyfile is encrypted with Ansible Vault (old bittensor versions), which is not supported. ' +
          'Regenerate the key from its mnemonic (btcli wallet regen-coldkey, or regenerateColdkey with ' +
          'overwrite: true) to get a current $NACL keyfile.',
      );
    case null:
      throw new WalletError(
        'KeyfileCorrupt',
        'Keyfile data is not encrypted ($NACL, Fernet or Ansible Vault).',
      );
  }
}

async function openNacl(data: Uint8Array, password: string, kdf: KdfParams | undefined): Promise<Uint8Array> {
  const body = data.subarray(NACL_PREFIX.length);
  if (body.length < NONCE_BYTES + MAC_BYTES) {
    throw new WalletError('KeyfileCorrupt', 'Encrypted keyfile is truncated: too short for nonce and MAC.');
  }
  const key = await deriveKeyfileKey(password, kdf);
  try {
    return sodium.crypto_secretbox_open_easy(body.subarray(NONCE_BYTES), body.subarray(0, NONCE_BYTES), key);
  } catch (cause) {
    throw wrongPassword(cause);
  }
}

/**
 * Legacy bittensor: Fernet with key = urlsafe_b64(PBKDF2-SHA256(password, salt, 10M rounds)).
 * (btwallet detects this format but derives a random key, so it never opens one.)
 */
async function openFernet(data: Uint8Array, password: string, iterations: number): Promise<Uint8Array> {
  const token = Buffer.from(new TextDecoder().decode(data).trim(), 'base64url');
  // version(1) + timestamp(8) + iv(16) + ciphertext(16·n) + hmac(32)
  if (token.length < 73 || token[0] !== 0x80 || (token.length - 57) % 16 !== 0) {
    throw new WalletError('KeyfileCorrupt', 'Legacy (Fernet) keyfile is malformed.');
  }
  const key = await promisify(pbkdf2)(password, FERNET_SALT, iterations, 32, 'sha256');
  const signed = token.subarray(0, token.length - 32);
  const mac = createHmac('sha256', key.subarray(0, 16)).update(signed).digest();
  if (!timingSafeEqual(mac, token.subarray(token.length - 32))) throw wrongPassword();
  try {
    const decipher = createDecipheriv('aes-128-cbc', key.subarray(16), token.subarray(9, 25));
    return new Uint8Array(
      Buffer.concat([decipher.update(token.subarray(25, token.length - 32)), decipher.final()]),
    );
  } catch (cause) {
    throw new WalletError('KeyfileCorrupt', 'Legacy (Fernet) keyfile is malformed: bad padding.', { cause });
  }
}

function wrongPassword(cause?: unknown): WalletError {
  return new WalletError('WrongPassword', 'Wrong password: the keyfile does not decrypt with it.', { cause });
}

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  return data.length >= prefix.length && prefix.every((byte, i) => data[i] === byte);
}
