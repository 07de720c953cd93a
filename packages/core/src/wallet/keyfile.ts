/**
 * One keyfile on disk in btwallet's format (reference §5.2): a JSON object, NaCl-encrypted or not.
 * Fields: `accountId` and `publicKey` (0x + 32 bytes), `privateKey` (0x + 64-byte schnorrkel
 * secret), `secretPhrase`, `secretSeed` (0x + 32-byte mini-secret), `ss58Address`. Like btwallet,
 * fields a key does not have are left out; `null` is read as absent (older bittensor wrote it).
 */
import { readFile, stat } from 'node:fs/promises';
import { u8aToHex } from '@polkadot/util';
import { expandHome } from '../config';
import { KeyError, Keypair, type PublicAccount, publicAccount } from '../keys';
import {
  decryptKeyfileData,
  type EncryptionOptions,
  encryptKeyfileData,
  keyfileEncryption,
} from './encryption';
import { WalletError } from './errors';
import { isErrno, keyfileExists, writeFileAtomic } from './files';
import { defaultPasswordSource, type PasswordSource, passwordEnvVarName } from './password';

export interface KeyfileJson {
  accountId?: string | null;
  publicKey?: string | null;
  privateKey?: string | null;
  secretPhrase?: string | null;
  secretSeed?: string | null;
  ss58Address?: string | null;
}

const FIELDS = ['accountId', 'publicKey', 'privateKey', 'secretPhrase', 'secretSeed', 'ss58Address'] as const;

/** The keyfile JSON of `account`: every secret for a `Keypair`, the public fields otherwise. */
export function serializeKeyfile(account: Keypair | PublicAccount): string {
  const publicKey = u8aToHex(account.publicKey);
  const json: KeyfileJson = { accountId: publicKey, publicKey };
  if (account instanceof Keypair) {
    json.privateKey = u8aToHex(account.privateKey);
    if (account.mnemonic !== null) json.secretPhrase = account.mnemonic;
    if (account.seed !== null) json.secretSeed = u8aToHex(account.seed);
  }
  json.ss58Address = account.ss58Address;
  return JSON.stringify(json);
}

/**
 * The key in keyfile JSON, rebuilt from the first of `secretPhrase`, `secretSeed`, `privateKey` (as
 * btwallet), else public-only from `ss58Address` or `publicKey`. A key that does not match the
 * file's own address is refused rather than used to sign for the wrong account.
 */
export function deserializeKeyfile(data: string | Uint8Array, path?: string): Keypair | PublicAccount {
  const where = path === undefined ? 'Keyfile' : `Keyfile ${path}`;
  const corrupt = (reason: string, cause?: unknown) =>
    new WalletError('KeyfileCorrupt', `${where} is corrupt: ${reason}`, { path, cause });

  let parsed: unknown;
  try {
    parsed = JSON.parse(
      typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data),
    );
  } catch (cause) {
    throw corrupt('it is not JSON (and not encrypted).', cause);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw corrupt('expected a JSON object.');
  }
  const json: KeyfileJson = {};
  for (const field of FIELDS) {
    const value: unknown = (parsed as Record<string, unknown>)[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw corrupt(`field "${field}" is not a string.`);
    }
    if (typeof value === 'string') json[field] = value;
  }

  let account: Keypair | PublicAccount;
  try {
    if (json.secretPhrase) account = Keypair.fromMnemonic(json.secretPhrase);
    else if (json.secretSeed) account = Keypair.fromSeed(json.secretSeed);
    else if (json.privateKey) account = Keypair.fromPrivateKey(json.privateKey);
    else if (json.ss58Address) account = publicAccount(json.ss58Address);
    else if (json.publicKey) account = publicAccount(json.publicKey);
    else throw corrupt('it has none of secretPhrase, secretSeed, privateKey, ss58Address or publicKey.');
  } catch (error) {
    if (error instanceof KeyError) throw corrupt(error.message, error);
    throw error;
  }
  if (json.ss58Address && json.ss58Address !== account.ss58Address) {
    throw corrupt(`its key belongs to ${account.ss58Address}, but its ss58Address says ${json.ss58Address}.`);
  }
  if (json.publicKey && json.publicKey.toLowerCase() !== u8aToHex(account.publicKey)) {
    throw corrupt(`its key does not match its publicKey field.`);
  }
  return account;
}

export interface KeyfileOptions {
  /** How the key is called in messages and password prompts: `coldkey`, or the hotkey's name. */
  keyName?: string;
  /** Where passwords come from (default: `BT_PW_…` env variable, then a hidden terminal prompt). */
  password?: PasswordSource;
  /** Appended to the "not found" message: how to create this key. */
  createHint?: string;
  /** @internal Test-only encryption parameters; see `EncryptionOptions`. */
  encryption?: EncryptionOptions;
}

export interface WriteKeyfileOptions {
  /** Encrypt with NaCl (a password is taken from `password` or the password source). */
  encrypt?: boolean;
  password?: string;
  /** Replace an existing file; without it an existing keyfile is an error and stays untouched. */
  overwrite?: boolean;
}

/** A keyfile at a path: read (decrypting if needed) and written atomically with mode 0600. */
export class Keyfile {
  /** The path, tilde-expanded but otherwise as given (btwallet derives the env variable from it). */
  readonly path: string;
  readonly keyName: string;
  /** The environment variable btwallet reads this keyfile's password from. */
  readonly envVar: string;
  readonly #password: PasswordSource;
  readonly #createHint: string | undefined;
  readonly #encryption: EncryptionOptions;

  constructor(path: string, options: KeyfileOptions = {}) {
    this.path = expandHome(path);
    this.keyName = options.keyName ?? 'key';
    this.envVar = passwordEnvVarName(this.path);
    this.#password = options.password ?? defaultPasswordSource();
    this.#createHint = options.createHint;
    this.#encryption = options.encryption ?? {};
  }

  async exists(): Promise<boolean> {
    try {
      await stat(this.path);
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw this.#unreadable(error);
    }
  }

  /** How the file is encrypted (null for plain JSON); throws `KeyfileNotFound` if it is missing. */
  async encryption(): Promise<ReturnType<typeof keyfileEncryption>> {
    return keyfileEncryption(await this.#readBytes());
  }

  /** The key in the file, decrypting it with `password` or one from the password source. */
  async read(password?: string): Promise<Keypair | PublicAccount> {
    const data = await this.#readBytes();
    if (keyfileEncryption(data) === null) return deserializeKeyfile(data, this.path);
    const secret = password ?? (await this.#askPassword('decrypt'));
    let plain: Uint8Array;
    try {
      plain = await decryptKeyfileData(data, secret, this.#encryption);
    } catch (error) {
      throw this.#withPath(error);
    }
    return deserializeKeyfile(plain, this.path);
  }

  /** Writes `account` (a `Keypair` with its secrets, or only public fields), never half a file. */
  async write(account: Keypair | PublicAccount, options: WriteKeyfileOptions = {}): Promise<void> {
    const overwrite = options.overwrite ?? false;
    if (!overwrite && (await this.exists())) throw keyfileExists(this.path);
    let data: Uint8Array = new TextEncoder().encode(serializeKeyfile(account));
    if (options.encrypt ?? false) {
      const password = options.password ?? (await this.#askPassword('encrypt'));
      data = await encryptKeyfileData(data, password, this.#encryption);
    }
    try {
      await writeFileAtomic(this.path, data, overwrite);
    } catch (error) {
      if (error instanceof WalletError) throw error;
      throw new WalletError(
        'KeyfileUnreadable',
        `Cannot write keyfile ${this.path}: ${errorMessage(error)}`,
        {
          path: this.path,
          cause: error,
        },
      );
    }
  }

  async #askPassword(purpose: 'decrypt' | 'encrypt'): Promise<string> {
    return this.#password({ purpose, keyfilePath: this.path, keyName: this.keyName, envVar: this.envVar });
  }

  async #readBytes(): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.path));
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw this.#unreadable(error);
      throw new WalletError(
        'KeyfileNotFound',
        `No ${this.keyName} keyfile at ${this.path}.${this.#createHint ? ` ${this.#createHint}` : ''}`,
        { path: this.path },
      );
    }
  }

  #unreadable(error: unknown): WalletError {
    return new WalletError('KeyfileUnreadable', `Cannot read keyfile ${this.path}: ${errorMessage(error)}`, {
      path: this.path,
      cause: error,
    });
  }

  #withPath(error: unknown): unknown {
    if (!(error instanceof WalletError)) return error;
    if (error.code !== 'WrongPassword') {
      return new WalletError(error.code, `${this.keyName} keyfile ${this.path}: ${error.message}`, {
        path: this.path,
        cause: error,
      });
    }
    const fromEnv =
      process.env[this.envVar] === undefined
        ? ''
        : ` If it came from ${this.envVar}: that variable must hold the password encoded as btwallet's ` +
          'save_password_to_env stores it (see encodeEnvPassword), not the password itself.';
    return new WalletError(
      'WrongPassword',
      `Wrong password for the ${this.keyName} keyfile ${this.path}. Use the password chosen when the key ` +
        `was created.${fromEnv} If it is lost, restore the key from its mnemonic with overwrite: true.`,
      { path: this.path, cause: error },
    );
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
