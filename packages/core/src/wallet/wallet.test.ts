import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isValidMnemonic, Keypair } from '../keys';
import type { EncryptionOptions } from './encryption';
import { WalletError } from './errors';
import { defaultPasswordSource, encodeEnvPassword, type PasswordSource } from './password';
import { walletErrorCode } from './testing';
import { Wallet, type WalletOptions } from './wallet';

const FAST: EncryptionOptions = { kdf: { opslimit: 3, memlimit: 8192 } };
const MNEMONIC = 'old leopard transfer rib spatial phone calm indicate online fire caution review';
const ADDRESS = '5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX';
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const NO_TERMINAL = { input: Object.assign(new PassThrough(), { isTTY: false }), output: new PassThrough() };

const mode = async (path: string) => (await stat(path)).mode & 0o777;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'subnetkit-wallet-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

/** A wallet under the temp root whose passwords come from a recording fake. */
function testWallet(options: WalletOptions & { passwords?: string[] } = {}) {
  const asked: string[] = [];
  const answers = [...(options.passwords ?? [])];
  const password: PasswordSource = (request) => {
    asked.push(`${request.purpose} ${request.keyName}`);
    const answer = answers.shift();
    if (answer === undefined)
      throw new Error(`unexpected password request: ${request.purpose} ${request.keyName}`);
    return answer;
  };
  const wallet = new Wallet({
    path: root,
    name: 'alpha',
    hotkey: 'miner',
    password,
    encryption: FAST,
    ...options,
  });
  return { wallet, asked };
}

describe('layout and defaults', () => {
  it('follows btcli: ~/.bittensor/wallets/default with hotkey default', () => {
    const wallet = new Wallet();
    const base = join(homedir(), '.bittensor/wallets/default');
    expect(wallet.coldkeyFile.path).toBe(`${base}/coldkey`);
    expect(wallet.coldkeypubFile.path).toBe(`${base}/coldkeypub.txt`);
    expect(wallet.hotkeyFile.path).toBe(`${base}/hotkeys/default`);
    expect(wallet.hotkeypubFile.path).toBe(`${base}/hotkeys/defaultpub.txt`);
  });

  it('joins paths as btwallet does, so the BT_PW_ variable matches', () => {
    const wallet = new Wallet({ path: './wallets/', name: 'w' });
    expect(wallet.coldkeyFile.path).toBe('./wallets/w/coldkey');
    expect(wallet.coldkeyFile.envVar).toBe('BT_PW___WALLETS_W_COLDKEY');
  });

  it('refuses names that are not plain file names', () => {
    for (const name of ['', '..', 'a/b']) {
      expect(() => new Wallet({ name })).toThrow(WalletError);
      expect(() => new Wallet({ hotkey: name })).toThrow(/Invalid hotkey name/);
    }
  });
});

describe('creating keys', () => {
  it('writes an encrypted coldkey, a plain hotkey and their public twins, privately', async () => {
    const { wallet, asked } = testWallet({ passwords: ['cold pw'] });
    const coldkey = await wallet.createColdkey();
    const hotkey = await wallet.createHotkey({ words: 24 });
    expect(asked).toEqual(['encrypt coldkey']);
    expect(coldkey.mnemonic?.split(' ')).toHaveLength(12);
    expect(hotkey.mnemonic?.split(' ')).toHaveLength(24);
    expect(isValidMnemonic(hotkey.mnemonic ?? '')).toBe(true);

    const dir = join(root, 'alpha');
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(join(dir, 'hotkeys'))).toBe(0o700);
    for (const file of ['coldkey', 'coldkeypub.txt', 'hotkeys/miner', 'hotkeys/minerpub.txt']) {
      expect(await mode(join(dir, file))).toBe(0o600);
    }
    expect((await readFile(join(dir, 'coldkey'))).subarray(0, 5).toString()).toBe('$NACL');
    expect(JSON.parse(await readFile(join(dir, 'coldkeypub.txt'), 'utf8'))).toEqual({
      accountId: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      publicKey: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      ss58Address: coldkey.ss58Address,
    });
    const hotkeyJson = JSON.parse(await readFile(join(dir, 'hotkeys/miner'), 'utf8'));
    expect(hotkeyJson.secretPhrase).toBe(hotkey.mnemonic);
    expect(JSON.parse(await readFile(join(dir, 'hotkeys/minerpub.txt'), 'utf8')).ss58Address).toBe(
      hotkey.ss58Address,
    );
    expect(await readdir(dir)).toEqual(['coldkey', 'coldkeypub.txt', 'hotkeys']);
  });

  it('reads back what it wrote: coldkey with its password, public keys without one', async () => {
    await testWallet({ passwords: ['cold pw'] }).wallet.createColdkey();
    await testWallet().wallet.regenerateHotkey({ uri: '//Bob' });

    const { wallet, asked } = testWallet({ passwords: ['cold pw'] });
    const coldkeypub = await wallet.getColdkeypub();
    const hotkeypub = await wallet.getHotkeypub();
    expect(asked).toEqual([]);
    const coldkey = await wallet.getColdkey();
    expect(coldkey.ss58Address).toBe(coldkeypub.ss58Address);
    expect(asked).toEqual(['decrypt coldkey']);
    expect(await wallet.getColdkey()).toBe(coldkey);
    expect((await wallet.getHotkey()).ss58Address).toBe(BOB);
    expect(hotkeypub.ss58Address).toBe(BOB);
    expect(Keypair.verify('weights', (await wallet.getHotkey()).sign('weights'), hotkeypub.ss58Address)).toBe(
      true,
    );
  });

  it('takes an explicit password and usePassword flags', async () => {
    const { wallet } = testWallet();
    await wallet.regenerateColdkey({ mnemonic: MNEMONIC }, { password: 'given' });
    await wallet.regenerateHotkey({ uri: '//Bob' }, { usePassword: false });
    expect((await testWallet().wallet.getColdkey('given')).ss58Address).toBe(ADDRESS);

    const plain = testWallet({ name: 'plain' }).wallet;
    await plain.regenerateColdkey({ uri: '//Alice' }, { usePassword: false });
    expect((await readFile(plain.coldkeyFile.path, 'utf8')).startsWith('{')).toBe(true);
  });

  it('restores from a mnemonic, a seed or a URI', async () => {
    const key = Keypair.fromMnemonic(MNEMONIC);
    const seed = key.seed;
    if (seed === null) throw new Error('mnemonic keys keep their seed');
    const sources = [{ mnemonic: MNEMONIC }, { seed }, { uri: MNEMONIC }] as const;
    for (const [i, source] of sources.entries()) {
      const { wallet } = testWallet({ name: `w${i}` });
      expect((await wallet.regenerateHotkey(source)).ss58Address).toBe(ADDRESS);
      expect((await wallet.getHotkeypub()).ss58Address).toBe(ADDRESS);
    }
  });
});

describe('never overwriting by accident', () => {
  it('refuses to replace a coldkey without overwrite, naming the path and the flag', async () => {
    const { wallet } = testWallet({ passwords: ['pw'] });
    await wallet.regenerateColdkey({ uri: '//Alice' });
    const before = await readFile(wallet.coldkeyFile.path);

    const again = testWallet({ passwords: ['pw'] }).wallet;
    const error = await again.createColdkey().catch((e: unknown) => e);
    expect((error as WalletError).code).toBe('KeyfileExists');
    expect((error as WalletError).message).toContain(wallet.coldkeyFile.path);
    expect((error as WalletError).message).toContain('overwrite: true');
    expect(await readFile(wallet.coldkeyFile.path)).toEqual(before);
    expect((await again.getColdkeypub()).ss58Address).toBe(ALICE);

    await testWallet({ passwords: ['pw'] }).wallet.regenerateColdkey({ uri: '//Bob' }, { overwrite: true });
    expect((await again.getColdkeypub()).ss58Address).toBe(BOB);
  });

  it('writes nothing when only the public twin is in the way', async () => {
    const { wallet } = testWallet();
    await wallet.regenerateColdkeypub(ALICE);
    const error = await wallet
      .regenerateColdkey({ uri: '//Bob' }, { usePassword: false })
      .catch((e: unknown) => e);
    expect((error as WalletError).code).toBe('KeyfileExists');
    expect((error as WalletError).path).toBe(wallet.coldkeypubFile.path);
    expect(await wallet.coldkeyFile.exists()).toBe(false);
  });

  it('restores a coldkey next to a coldkeypub of the same account', async () => {
    const { wallet } = testWallet();
    await wallet.regenerateColdkeypub(ALICE);
    await wallet.regenerateColdkey({ uri: '//Alice' }, { usePassword: false });
    expect((await wallet.getColdkey()).ss58Address).toBe(ALICE);
  });

  it('refuses a second hotkey with the same name', async () => {
    const { wallet } = testWallet();
    await wallet.createHotkey();
    expect(await walletErrorCode(wallet.createHotkey())).toBe('KeyfileExists');
  });
});

describe('reading errors', () => {
  it('says which file is missing and how to create it', async () => {
    const { wallet } = testWallet();
    const error = await wallet.getColdkey().catch((e: unknown) => e);
    expect((error as WalletError).code).toBe('KeyfileNotFound');
    expect((error as WalletError).message).toContain(wallet.coldkeyFile.path);
    expect((error as WalletError).message).toContain('wallet.createColdkey()');
    expect((error as WalletError).message).toContain('btcli wallet new-coldkey --wallet.name alpha');
    expect(await walletErrorCode(wallet.getHotkeypub())).toBe('KeyfileNotFound');
  });

  it('reports corrupt JSON as KeyfileCorrupt', async () => {
    const { wallet } = testWallet();
    await wallet.regenerateHotkey({ uri: '//Bob' });
    await writeFile(wallet.hotkeyFile.path, '{"secretPhrase": "old leop');
    expect(await walletErrorCode(testWallet().wallet.getHotkey())).toBe('KeyfileCorrupt');
  });

  it('refuses to sign with a keyfile that only holds a public key', async () => {
    const { wallet } = testWallet();
    await wallet.regenerateColdkeypub(ALICE);
    await writeFile(wallet.coldkeyFile.path, await readFile(wallet.coldkeypubFile.path));
    await expect(wallet.getColdkey()).rejects.toThrow(/holds only a public key/);
  });

  it('reports a wrong password as WrongPassword, with what to do', async () => {
    await testWallet({ passwords: ['right'] }).wallet.regenerateColdkey({ uri: '//Alice' });
    const error = await testWallet({ passwords: ['wrong'] })
      .wallet.getColdkey()
      .catch((e: unknown) => e);
    expect((error as WalletError).code).toBe('WrongPassword');
    expect((error as WalletError).message).toMatch(/password chosen when the key was created/);
  });
});

describe('passwords from the environment', () => {
  it('unlocks the coldkey with the BT_PW_ variable btwallet uses, encoded as btwallet stores it', async () => {
    await testWallet({ passwords: ['from env'] }).wallet.regenerateColdkey({ mnemonic: MNEMONIC });
    const envVar = new Wallet({ path: root, name: 'alpha' }).coldkeyFile.envVar;
    expect(envVar).toBe(
      `BT_PW_${`${root}/alpha/coldkey`.replaceAll('/', '_').replaceAll('.', '_').toUpperCase()}`,
    );

    vi.stubEnv(envVar, encodeEnvPassword('from env', envVar));
    const wallet = new Wallet({ path: root, name: 'alpha', encryption: FAST });
    expect((await wallet.getColdkey()).ss58Address).toBe(ADDRESS);
  });

  it('without the variable or a terminal, asks for the variable by name', async () => {
    await testWallet({ passwords: ['pw'] }).wallet.regenerateColdkey({ uri: '//Alice' });
    const wallet = new Wallet({
      path: root,
      name: 'alpha',
      encryption: FAST,
      password: defaultPasswordSource({}, NO_TERMINAL),
    });
    const error = await wallet.getColdkey().catch((e: unknown) => e);
    expect((error as WalletError).code).toBe('PasswordRequired');
    expect((error as WalletError).message).toContain(wallet.coldkeyFile.envVar);
  });

  it('hints at the encoding when a raw password in the variable fails', async () => {
    await testWallet({ passwords: ['pw'] }).wallet.regenerateColdkey({ uri: '//Alice' });
    const envVar = new Wallet({ path: root, name: 'alpha' }).coldkeyFile.envVar;
    vi.stubEnv(envVar, 'pw');
    const error = await new Wallet({ path: root, name: 'alpha', encryption: FAST })
      .getColdkey()
      .catch((e: unknown) => e);
    expect((error as WalletError).code).toBe('WrongPassword');
    expect((error as WalletError).message).toContain('encodeEnvPassword');
  });
});
