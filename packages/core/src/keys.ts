/**
 * sr25519 keys and SS58 addresses, derived exactly as substrate derives them (and so as btcli
 * does): BIP39 mnemonic → 32-byte mini-secret (`Pair::from_phrase`, no password) → schnorrkel
 * keypair (ExpandEd25519), then `//hard` and `/soft` junctions of the secret URI format.
 */
import { inspect } from 'node:util';
import { DEV_PHRASE } from '@polkadot/keyring';
import { hexToU8a, isHex, nToU8a, stringToU8a, u8aConcat, u8aToBigInt, u8aToHex } from '@polkadot/util';
import {
  cryptoWaitReady,
  decodeAddress,
  encodeAddress,
  keyExtractPath,
  keyFromPath,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  mnemonicValidate,
  sr25519PairFromSeed,
  sr25519Sign,
  sr25519Verify,
} from '@polkadot/util-crypto';
import englishWordlist from '@polkadot/util-crypto/mnemonic/wordlists/en';
import { getPublicKey } from '@scure/sr25519';

/** Bittensor's SS58 prefix (substrate's generic one): every address starts with `5`. */
export const SS58_FORMAT = 42;

/** The well-known development mnemonic that `//Alice`, `//Bob`, … derive from. */
export { DEV_PHRASE };

export const MNEMONIC_WORD_COUNTS = [12, 15, 18, 21, 24] as const;
export type MnemonicWordCount = (typeof MNEMONIC_WORD_COUNTS)[number];

export type KeyErrorCode =
  | 'InvalidMnemonic'
  | 'InvalidUri'
  | 'InvalidSeed'
  | 'InvalidPrivateKey'
  | 'InvalidAddress'
  | 'InvalidPublicKey'
  | 'InvalidHex';

export class KeyError extends Error {
  override readonly name = 'KeyError';

  constructor(
    readonly code: KeyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An account known by its public key only, as in `coldkeypub.txt`: it can verify, not sign. */
export interface PublicAccount {
  readonly ss58Address: string;
  readonly publicKey: Uint8Array;
}

interface Sr25519Pair {
  publicKey: Uint8Array;
  /** 32-byte scalar × 8 (little-endian) + 32-byte nonce: the ed25519-style form @polkadot uses. */
  secretKey: Uint8Array;
}

interface KeyOrigin {
  mnemonic?: string;
  seed?: Uint8Array;
}

/** Loads the WASM crypto that @polkadot prefers (it falls back to JS without it). */
export async function cryptoReady(): Promise<void> {
  await cryptoWaitReady();
}

/** An sr25519 keypair that can sign; its secrets are not enumerable, logged or JSON-serialised. */
export class Keypair implements PublicAccount {
  readonly ss58Address: string;
  readonly publicKey: Uint8Array;
  readonly #pair: Sr25519Pair;
  readonly #mnemonic: string | null;
  readonly #seed: Uint8Array | null;

  private constructor(pair: Sr25519Pair, origin: KeyOrigin = {}) {
    this.#pair = pair;
    this.#mnemonic = origin.mnemonic ?? null;
    this.#seed = origin.seed ?? null;
    this.publicKey = pair.publicKey;
    this.ss58Address = encodeAddress(pair.publicKey, SS58_FORMAT);
  }

  /** From a BIP39 English mnemonic of 12, 15, 18, 21 or 24 words (`btcli wallet regen_coldkey`). */
  static fromMnemonic(mnemonic: string): Keypair {
    const phrase = normalizeMnemonic(mnemonic);
    const seed = mnemonicToMiniSecret(phrase);
    return new Keypair(sr25519PairFromSeed(seed), { mnemonic: phrase, seed });
  }

  /** From a 32-byte mini-secret seed (`0x…` hex or bytes), the keyfile's `secretSeed`. */
  static fromSeed(seed: string | Uint8Array): Keypair {
    const bytes = typeof seed === 'string' ? hexBytes(seed, 'InvalidSeed', 'seed') : seed;
    if (bytes.length !== 32) {
      throw new KeyError(
        'InvalidSeed',
        `A seed is 32 bytes (64 hex digits), got ${bytes.length} bytes. ` +
          'A 64-byte value is a private key: use Keypair.fromPrivateKey.',
      );
    }
    return new Keypair(sr25519PairFromSeed(bytes), { seed: bytes.slice() });
  }

  /** From a 64-byte schnorrkel secret key (`SecretKey::to_bytes`), the keyfile's `privateKey`. */
  static fromPrivateKey(privateKey: string | Uint8Array): Keypair {
    const bytes =
      typeof privateKey === 'string' ? hexBytes(privateKey, 'InvalidPrivateKey', 'private key') : privateKey;
    return new Keypair(pairFromSchnorrkelSecret(bytes));
  }

  /**
   * From a secret URI: `//Alice`, `//Bob/soft` (the dev phrase is implied before a leading `/`),
   * `<mnemonic>//hard/soft`, `<mnemonic>///password` or `0x<seed>//hard`, as substrate's
   * `Pair::from_string`. Like btcli, the result keeps neither mnemonic nor seed.
   */
  static fromUri(uri: string): Keypair {
    const suri = uri.startsWith('/') ? DEV_PHRASE + uri : uri;
    const firstSlash = suri.indexOf('/');
    const secret = (firstSlash === -1 ? suri : suri.slice(0, firstSlash)).trim();
    const rest = firstSlash === -1 ? '' : suri.slice(firstSlash);
    const passwordAt = rest.indexOf('///');
    const derivePath = passwordAt === -1 ? rest : rest.slice(0, passwordAt);
    const password = passwordAt === -1 ? '' : rest.slice(passwordAt + 3);

    let junctions: ReturnType<typeof keyExtractPath>['path'];
    try {
      junctions = keyExtractPath(derivePath).path;
    } catch (cause) {
      throw new KeyError(
        'InvalidUri',
        'Invalid derivation path in secret URI: expected junctions like "//hard" or "/soft".',
        { cause },
      );
    }
    const root = secret.startsWith('0x')
      ? rootFromHexSecret(secret)
      : sr25519PairFromSeed(mnemonicToMiniSecret(normalizeMnemonic(secret), password));
    return new Keypair(keyFromPath(root, junctions, 'sr25519'));
  }

  /**
   * Checks an sr25519 signature of `message` by `signer` (SS58 address, `0x` public key or bytes).
   * Never throws: a malformed signature, message or signer is simply not valid. As btwallet does, a
   * signature over `<Bytes>message</Bytes>` (what polkadot.js wallets sign) is accepted too.
   */
  static verify(
    message: Uint8Array | string,
    signature: Uint8Array | string,
    signer: string | Uint8Array,
  ): boolean {
    try {
      const data = messageBytes(message);
      const sig = typeof signature === 'string' ? hexBytes(signature, 'InvalidHex', 'signature') : signature;
      const publicKey = publicAccount(signer).publicKey;
      return (
        verifyQuietly(data, sig, publicKey) ||
        verifyQuietly(u8aConcat(BYTES_OPEN, data, BYTES_CLOSE), sig, publicKey)
      );
    } catch {
      return false;
    }
  }

  /** The mnemonic this key came from, or null (seed, private key or URI keys). */
  get mnemonic(): string | null {
    return this.#mnemonic;
  }

  /** The 32-byte mini-secret this key came from, or null (private key or URI keys). */
  get seed(): Uint8Array | null {
    return this.#seed?.slice() ?? null;
  }

  /** The 64-byte schnorrkel secret key (`SecretKey::to_bytes`), as btcli writes it to keyfiles. */
  get privateKey(): Uint8Array {
    return schnorrkelSecretFromPair(this.#pair.secretKey);
  }

  /**
   * Signs `message` (bytes, UTF-8 text, or `0x…` hex which is signed as the bytes it spells, as
   * btwallet and polkadot.js do, so signatures verify the same in Python and TypeScript).
   */
  sign(message: Uint8Array | string): Uint8Array {
    return sr25519Sign(messageBytes(message), this.#pair);
  }

  toJSON(): { ss58Address: string; publicKey: string } {
    return { ss58Address: this.ss58Address, publicKey: u8aToHex(this.publicKey) };
  }

  toString(): string {
    return `Keypair(${this.ss58Address})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** A new random BIP39 English mnemonic (12 words by default, as btcli). */
export function generateMnemonic(words: MnemonicWordCount = 12): string {
  if (!MNEMONIC_WORD_COUNTS.includes(words)) {
    throw new KeyError('InvalidMnemonic', `A mnemonic has 12, 15, 18, 21 or 24 words, not ${words}.`);
  }
  return mnemonicGenerate(words);
}

/** True when `mnemonic` is a valid BIP39 English mnemonic that `Keypair.fromMnemonic` accepts. */
export function isValidMnemonic(mnemonic: string): boolean {
  try {
    normalizeMnemonic(mnemonic);
    return true;
  } catch {
    return false;
  }
}

/** The SS58 address of a 32-byte public key (bytes or `0x` hex). */
export function ss58Encode(publicKey: Uint8Array | string, prefix: number = SS58_FORMAT): string {
  const bytes =
    typeof publicKey === 'string' ? hexBytes(publicKey, 'InvalidPublicKey', 'public key') : publicKey;
  if (bytes.length !== 32) {
    throw new KeyError('InvalidPublicKey', `A public key is 32 bytes, got ${bytes.length}.`);
  }
  return encodeAddress(bytes, prefix);
}

/** The 32-byte public key of an SS58 address; throws unless its prefix is `prefix` (42). */
export function ss58Decode(address: string, prefix: number = SS58_FORMAT): Uint8Array {
  let publicKey: Uint8Array;
  try {
    publicKey = decodeAddress(address, false, prefix);
  } catch (cause) {
    throw new KeyError(
      'InvalidAddress',
      `Invalid SS58 address ${JSON.stringify(address)}: expected a prefix-${prefix} address ` +
        `(${prefix === SS58_FORMAT ? 'starting with 5, ' : ''}48 characters, valid checksum).`,
      { cause },
    );
  }
  if (publicKey.length !== 32) {
    throw new KeyError(
      'InvalidAddress',
      `SS58 address ${JSON.stringify(address)} holds ${publicKey.length} bytes, not a 32-byte account.`,
    );
  }
  return publicKey;
}

/** True for a well-formed SS58 address of a 32-byte account with prefix `prefix` (42). */
export function isValidSs58Address(address: string, prefix: number = SS58_FORMAT): boolean {
  try {
    ss58Decode(address, prefix);
    return true;
  } catch {
    return false;
  }
}

/** A public-only account from an SS58 address, a `0x` public key, or public key bytes. */
export function publicAccount(addressOrPublicKey: string | Uint8Array): PublicAccount {
  if (typeof addressOrPublicKey === 'string' && !addressOrPublicKey.startsWith('0x')) {
    const publicKey = ss58Decode(addressOrPublicKey);
    return { ss58Address: encodeAddress(publicKey, SS58_FORMAT), publicKey };
  }
  const ss58Address = ss58Encode(addressOrPublicKey);
  return { ss58Address, publicKey: ss58Decode(ss58Address) };
}

const ENGLISH_WORDS: ReadonlySet<string> = new Set(englishWordlist);
const BYTES_OPEN = stringToU8a('<Bytes>');
const BYTES_CLOSE = stringToU8a('</Bytes>');
// The order of the ristretto255 group: schnorrkel only loads secret scalars below it.
const GROUP_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;

/**
 * Checks a mnemonic and returns it as substrate accepts it: single spaces, lower case. The error
 * names word positions, never the words, because it may end up in a log.
 */
function normalizeMnemonic(mnemonic: string): string {
  const words = mnemonic.trim().toLowerCase().split(/\s+/u).filter(Boolean);
  if (!(MNEMONIC_WORD_COUNTS as readonly number[]).includes(words.length)) {
    throw new KeyError(
      'InvalidMnemonic',
      `Invalid mnemonic: it has ${words.length} words, but a BIP39 mnemonic has 12, 15, 18, 21 or 24.`,
    );
  }
  const unknown = words.flatMap((word, index) => (ENGLISH_WORDS.has(word) ? [] : [index + 1]));
  if (unknown.length > 0) {
    throw new KeyError(
      'InvalidMnemonic',
      `Invalid mnemonic: word${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ` +
        `${unknown.length > 1 ? 'are' : 'is'} not in the BIP39 English word list; check the spelling.`,
    );
  }
  const phrase = words.join(' ');
  if (!mnemonicValidate(phrase)) {
    throw new KeyError(
      'InvalidMnemonic',
      'Invalid mnemonic: its checksum does not match, so a word is wrong or the words are out of order.',
    );
  }
  return phrase;
}

function rootFromHexSecret(secret: string): Sr25519Pair {
  const bytes = hexBytes(secret, 'InvalidUri', 'secret URI seed');
  if (bytes.length === 32) return sr25519PairFromSeed(bytes);
  if (bytes.length === 64) return pairFromSchnorrkelSecret(bytes);
  throw new KeyError(
    'InvalidUri',
    `A hex secret in a URI is a 32-byte seed or a 64-byte private key, got ${bytes.length} bytes.`,
  );
}

/** schnorrkel `SecretKey::from_bytes`: the scalar as-is; @polkadot keeps it multiplied by 8. */
function pairFromSchnorrkelSecret(privateKey: Uint8Array): Sr25519Pair {
  if (privateKey.length !== 64) {
    throw new KeyError(
      'InvalidPrivateKey',
      `A private key is 64 bytes (32-byte scalar + 32-byte nonce), got ${privateKey.length} bytes.`,
    );
  }
  const scalar = u8aToBigInt(privateKey.subarray(0, 32), { isLe: true, isNegative: false });
  if (scalar >= GROUP_ORDER) {
    throw new KeyError(
      'InvalidPrivateKey',
      'Invalid private key: its scalar is not reduced (not a schnorrkel key).',
    );
  }
  const secretKey = u8aConcat(nToU8a(scalar << 3n, { bitLength: 256, isLe: true }), privateKey.subarray(32));
  return { publicKey: getPublicKey(secretKey), secretKey };
}

function schnorrkelSecretFromPair(secretKey: Uint8Array): Uint8Array {
  const scalar = u8aToBigInt(secretKey.subarray(0, 32), { isLe: true, isNegative: false }) >> 3n;
  return u8aConcat(nToU8a(scalar, { bitLength: 256, isLe: true }), secretKey.subarray(32));
}

function messageBytes(message: Uint8Array | string): Uint8Array {
  if (typeof message !== 'string') return message;
  return message.startsWith('0x') ? hexBytes(message, 'InvalidHex', 'message') : stringToU8a(message);
}

function hexBytes(value: string, code: KeyErrorCode, what: string): Uint8Array {
  const hex = value.trim();
  const prefixed = hex.startsWith('0x') ? hex : `0x${hex}`;
  if (!isHex(prefixed)) {
    throw new KeyError(code, `Invalid ${what}: expected hex digits (optionally 0x-prefixed), in pairs.`);
  }
  return hexToU8a(prefixed);
}

function verifyQuietly(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return sr25519Verify(message, signature, publicKey);
  } catch {
    return false;
  }
}
