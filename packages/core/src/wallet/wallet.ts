/**
 * A btcli wallet (reference §5.1): `<path>/<name>/coldkey` (encrypted by default),
 * `coldkeypub.txt`, `hotkeys/<hotkey>` (plain by default) and `hotkeys/<hotkey>pub.txt`. Files
 * written here are read by btcli and the other way round.
 */
import { expandHome } from '../config';
import {
  generateMnemonic,
  Keypair,
  type MnemonicWordCount,
  type PublicAccount,
  publicAccount,
} from '../keys';
import type { EncryptionOptions } from './encryption';
import { WalletError } from './errors';
import { keyfileExists } from './files';
import { Keyfile } from './keyfile';
import type { PasswordSource } from './password';

export const DEFAULT_WALLET_NAME = 'default';
export const DEFAULT_HOTKEY_NAME = 'default';
export const DEFAULT_WALLET_PATH = '~/.bittensor/wallets';

export interface WalletOptions {
  /** The wallet (coldkey) name, a folder under `path`. Default `default`. */
  name?: string;
  /** The hotkey name, a file under `<name>/hotkeys`. Default `default`. */
  hotkey?: string;
  /** The folder of wallets. Default `~/.bittensor/wallets`, shared with btcli. */
  path?: string;
  /** Where passwords come from (default: the `BT_PW_…` env variable, then a hidden terminal prompt). */
  password?: PasswordSource;
  /** @internal Test-only encryption parameters; keyfiles written with them are unreadable by btcli. */
  encryption?: EncryptionOptions;
}

/** An existing secret to restore a key from. */
export type KeySource = { mnemonic: string } | { seed: string | Uint8Array } | { uri: string };

export interface SetKeyOptions {
  /** Encrypt the keyfile. Default true for the coldkey, false for the hotkey; implied by `password`. */
  usePassword?: boolean;
  /** The encryption password; without it one comes from the wallet's password source. */
  password?: string;
  /** Replace existing keyfiles. Without it an existing keyfile is an error and nothing is written. */
  overwrite?: boolean;
}

export interface NewKeyOptions extends SetKeyOptions {
  /** Mnemonic length: 12 (default, as btcli), 15, 18, 21 or 24 words. */
  words?: MnemonicWordCount;
}

export class Wallet {
  readonly name: string;
  readonly hotkeyName: string;
  /** The wallets folder, tilde-expanded. */
  readonly path: string;
  readonly coldkeyFile: Keyfile;
  readonly coldkeypubFile: Keyfile;
  readonly hotkeyFile: Keyfile;
  readonly hotkeypubFile: Keyfile;
  #coldkey: Keypair | undefined;
  #hotkey: Keypair | undefined;

  constructor(options: WalletOptions = {}) {
    this.name = checkName(options.name ?? DEFAULT_WALLET_NAME, 'wallet');
    this.hotkeyName = checkName(options.hotkey ?? DEFAULT_HOTKEY_NAME, 'hotkey');
    this.path = expandHome(options.path ?? DEFAULT_WALLET_PATH);
    const walletDir = joinPath(this.path, this.name);
    const hotkeysDir = joinPath(walletDir, 'hotkeys');
    const flags = `--wallet.name ${this.name}`;
    const hotkeyFlags = `${flags} --wallet.hotkey ${this.hotkeyName}`;
    const shared = { password: options.password, encryption: options.encryption };
    this.coldkeyFile = new Keyfile(joinPath(walletDir, 'coldkey'), {
      ...shared,
      keyName: 'coldkey',
      createHint:
        `Create it with wallet.createColdkey() (btcli wallet new-coldkey ${flags}), or restore it with ` +
        `wallet.regenerateColdkey({ mnemonic }) (btcli wallet regen-coldkey ${flags}).`,
    });
    this.coldkeypubFile = new Keyfile(joinPath(walletDir, 'coldkeypub.txt'), {
      ...shared,
      keyName: 'coldkeypub',
      createHint:
        'It is written with the coldkey; to restore it alone, use wallet.regenerateColdkeypub(address) ' +
        `(btcli wallet regen-coldkeypub ${flags}).`,
    });
    this.hotkeyFile = new Keyfile(joinPath(hotkeysDir, this.hotkeyName), {
      ...shared,
      keyName: `hotkey "${this.hotkeyName}"`,
      createHint:
        `Create it with wallet.createHotkey() (btcli wallet new-hotkey ${hotkeyFlags}), or restore it ` +
        `with wallet.regenerateHotkey({ mnemonic }) (btcli wallet regen-hotkey ${hotkeyFlags}).`,
    });
    this.hotkeypubFile = new Keyfile(joinPath(hotkeysDir, `${this.hotkeyName}pub.txt`), {
      ...shared,
      keyName: `hotkeypub "${this.hotkeyName}"`,
      createHint:
        'It is written with the hotkey (wallets from older btcli lack it); to restore it alone, use ' +
        `wallet.regenerateHotkeypub(address) (btcli wallet regen-hotkeypub ${hotkeyFlags}).`,
    });
  }

  /** A new coldkey from a fresh mnemonic (read it from `keypair.mnemonic` and show it once). */
  async createColdkey(options: NewKeyOptions = {}): Promise<Keypair> {
    return this.setColdkey(Keypair.fromMnemonic(generateMnemonic(options.words)), options);
  }

  /** A new hotkey from a fresh mnemonic (read it from `keypair.mnemonic` and show it once). */
  async createHotkey(options: NewKeyOptions = {}): Promise<Keypair> {
    return this.setHotkey(Keypair.fromMnemonic(generateMnemonic(options.words)), options);
  }

  /** Restores the coldkey (and coldkeypub) from a mnemonic, a seed or a URI like `//Alice`. */
  async regenerateColdkey(source: KeySource, options: SetKeyOptions = {}): Promise<Keypair> {
    return this.setColdkey(keypairFrom(source), options);
  }

  /** Restores the hotkey (and hotkeypub) from a mnemonic, a seed or a URI like `//Bob`. */
  async regenerateHotkey(source: KeySource, options: SetKeyOptions = {}): Promise<Keypair> {
    return this.setHotkey(keypairFrom(source), options);
  }

  /** Writes `coldkeypub.txt` alone, from an SS58 address or a `0x` public key. */
  async regenerateColdkeypub(
    addressOrPublicKey: string | Uint8Array,
    options: { overwrite?: boolean } = {},
  ): Promise<PublicAccount> {
    const account = publicAccount(addressOrPublicKey);
    await writePublic(this.coldkeypubFile, account, options.overwrite ?? false);
    return account;
  }

  /** Writes `<hotkey>pub.txt` alone, from an SS58 address or a `0x` public key. */
  async regenerateHotkeypub(
    addressOrPublicKey: string | Uint8Array,
    options: { overwrite?: boolean } = {},
  ): Promise<PublicAccount> {
    const account = publicAccount(addressOrPublicKey);
    await writePublic(this.hotkeypubFile, account, options.overwrite ?? false);
    return account;
  }

  /** Writes `keypair` as this wallet's coldkey (encrypted unless `usePassword: false`) and coldkeypub. */
  async setColdkey(keypair: Keypair, options: SetKeyOptions = {}): Promise<Keypair> {
    await writePair(this.coldkeyFile, this.coldkeypubFile, keypair, options, true);
    this.#coldkey = keypair;
    return keypair;
  }

  /** Writes `keypair` as this wallet's hotkey (plain unless `usePassword`) and hotkeypub. */
  async setHotkey(keypair: Keypair, options: SetKeyOptions = {}): Promise<Keypair> {
    await writePair(this.hotkeyFile, this.hotkeypubFile, keypair, options, false);
    this.#hotkey = keypair;
    return keypair;
  }

  /** The coldkey, decrypted once (with `password` or from the password source) and then kept. */
  async getColdkey(password?: string): Promise<Keypair> {
    this.#coldkey ??= await readSecret(this.coldkeyFile, password);
    return this.#coldkey;
  }

  /** The hotkey, read (and decrypted if it is encrypted) once and then kept. */
  async getHotkey(password?: string): Promise<Keypair> {
    this.#hotkey ??= await readSecret(this.hotkeyFile, password);
    return this.#hotkey;
  }

  /** The coldkey's public account from `coldkeypub.txt`; never asks for a password. */
  async getColdkeypub(): Promise<PublicAccount> {
    return readPublic(this.coldkeypubFile);
  }

  /** The hotkey's public account from `<hotkey>pub.txt`; never asks for a password. */
  async getHotkeypub(): Promise<PublicAccount> {
    return readPublic(this.hotkeypubFile);
  }

  toString(): string {
    return `Wallet(name: ${this.name}, hotkey: ${this.hotkeyName}, path: ${this.path})`;
  }
}

function keypairFrom(source: KeySource): Keypair {
  if ('mnemonic' in source) return Keypair.fromMnemonic(source.mnemonic);
  if ('seed' in source) return Keypair.fromSeed(source.seed);
  return Keypair.fromUri(source.uri);
}

/** The secret keyfile and its public twin, checked up front so a refusal writes neither. */
async function writePair(
  secretFile: Keyfile,
  publicFile: Keyfile,
  keypair: Keypair,
  options: SetKeyOptions,
  encryptByDefault: boolean,
): Promise<void> {
  const overwrite = options.overwrite ?? false;
  if (!overwrite) {
    if (await secretFile.exists()) throw keyfileExists(secretFile.path);
    await checkPublicSlot(publicFile, keypair);
  }
  const encrypt = options.password !== undefined || (options.usePassword ?? encryptByDefault);
  await secretFile.write(keypair, { encrypt, password: options.password, overwrite });
  await writePublic(publicFile, keypair, overwrite);
}

async function writePublic(file: Keyfile, account: PublicAccount, overwrite: boolean): Promise<void> {
  if (!overwrite && (await checkPublicSlot(file, account)) === 'same') return;
  await file.write({ ss58Address: account.ss58Address, publicKey: account.publicKey }, { overwrite });
}

/** A public keyfile already naming the same account is no conflict: restoring a coldkey keeps it. */
async function checkPublicSlot(file: Keyfile, account: PublicAccount): Promise<'free' | 'same'> {
  if (!(await file.exists())) return 'free';
  const existing = await file.read().catch(() => undefined);
  if (existing?.ss58Address === account.ss58Address) return 'same';
  throw keyfileExists(file.path);
}

async function readSecret(file: Keyfile, password: string | undefined): Promise<Keypair> {
  const account = await file.read(password);
  if (account instanceof Keypair) return account;
  throw new WalletError(
    'KeyfileCorrupt',
    `The ${file.keyName} keyfile ${file.path} holds only a public key (no secretPhrase, secretSeed or ` +
      'privateKey), so it cannot sign. Restore the key from its mnemonic with overwrite: true.',
    { path: file.path },
  );
}

async function readPublic(file: Keyfile): Promise<PublicAccount> {
  const account = await file.read();
  return { ss58Address: account.ss58Address, publicKey: account.publicKey };
}

// As Rust's `PathBuf::join`, which btwallet uses: the path stays as given (no `./` or `//`
// clean-up), so the `BT_PW_…` variable derived from it is the one btwallet reads.
function joinPath(base: string, name: string): string {
  return base.endsWith('/') ? base + name : `${base}/${name}`;
}

function checkName(name: string, what: 'wallet' | 'hotkey'): string {
  if (name === '' || name === '.' || name === '..' || name.includes('/')) {
    throw new WalletError(
      'InvalidName',
      `Invalid ${what} name ${JSON.stringify(name)}: it names a file, so it must be non-empty, without "/" ` +
        'and not "." or "..".',
    );
  }
  return name;
}
