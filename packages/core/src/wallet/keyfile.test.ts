import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keypair, publicAccount } from '../keys';
import type { KdfParams } from './encryption';
import { WalletError } from './errors';
import { deserializeKeyfile, Keyfile, serializeKeyfile } from './keyfile';
import { walletErrorCode, walletErrorCodeSync } from './testing';

const FAST_KDF: KdfParams = { opslimit: 3, memlimit: 8192 };
const MNEMONIC = 'old leopard transfer rib spatial phone calm indicate online fire caution review';
const ADDRESS = '5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX';
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

describe('keyfile JSON', () => {
  it('writes btwallet`s fields for a mnemonic key', () => {
    const key = Keypair.fromMnemonic(MNEMONIC);
    const json = JSON.parse(serializeKeyfile(key));
    expect(Object.keys(json)).toEqual([
      'accountId',
      'publicKey',
      'privateKey',
      'secretPhrase',
      'secretSeed',
      'ss58Address',
    ]);
    expect(json).toMatchObject({
      accountId: '0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446',
      publicKey: '0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446',
      privateKey:
        '0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a' +
        '9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e',
      secretPhrase: MNEMONIC,
      secretSeed: u8aToHex(key.seed),
      ss58Address: ADDRESS,
    });
    expect(json.secretSeed).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('leaves out what a key does not have, as btwallet does', () => {
    expect(Object.keys(JSON.parse(serializeKeyfile(Keypair.fromUri('//Alice'))))).toEqual([
      'accountId',
      'publicKey',
      'privateKey',
      'ss58Address',
    ]);
    expect(JSON.parse(serializeKeyfile(publicAccount(ALICE)))).toEqual({
      accountId: '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
      publicKey: '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
      ss58Address: ALICE,
    });
  });

  it('reads back every kind of key', () => {
    for (const key of [Keypair.fromMnemonic(MNEMONIC), Keypair.fromUri('//Alice/soft')]) {
      const read = deserializeKeyfile(serializeKeyfile(key));
      expect(read).toBeInstanceOf(Keypair);
      expect(read.ss58Address).toBe(key.ss58Address);
    }
    const pub = deserializeKeyfile(serializeKeyfile(publicAccount(ALICE)));
    expect(pub).not.toBeInstanceOf(Keypair);
    expect(pub.ss58Address).toBe(ALICE);
  });

  it('rebuilds a key from privateKey alone, and it signs for the same account', () => {
    const alice = Keypair.fromUri('//Alice');
    const onlyPrivate = JSON.stringify({ privateKey: u8aToHex(alice.privateKey) });
    const read = deserializeKeyfile(onlyPrivate);
    if (!(read instanceof Keypair)) throw new Error('expected a Keypair');
    expect(read.ss58Address).toBe(ALICE);
    expect(Keypair.verify('msg', read.sign('msg'), ALICE)).toBe(true);
  });

  it('prefers secretPhrase, then secretSeed, then privateKey, reading null as absent', () => {
    const key = Keypair.fromMnemonic(MNEMONIC);
    const withNulls = JSON.stringify({
      accountId: null,
      publicKey: null,
      privateKey: null,
      secretPhrase: null,
      secretSeed: u8aToHex(key.seed),
      ss58Address: ADDRESS,
    });
    const read = deserializeKeyfile(withNulls);
    expect(read).toBeInstanceOf(Keypair);
    expect(read.ss58Address).toBe(ADDRESS);
    expect((read as Keypair).mnemonic).toBeNull();
  });

  it('calls anything else corrupt, naming the problem', () => {
    expect(walletErrorCodeSync(() => deserializeKeyfile('{"secretPhrase": "abandon'))).toBe('KeyfileCorrupt');
    expect(walletErrorCodeSync(() => deserializeKeyfile('[]'))).toBe('KeyfileCorrupt');
    expect(walletErrorCodeSync(() => deserializeKeyfile('{}'))).toBe('KeyfileCorrupt');
    expect(() => deserializeKeyfile('{"secretSeed": 42}')).toThrow(/"secretSeed" is not a string/);
    expect(() => deserializeKeyfile('{"secretPhrase": "one two three"}')).toThrow(/3 words/);
    expect(() => deserializeKeyfile(Uint8Array.from([0xff, 0xfe]))).toThrow(/not JSON/);
  });

  it('refuses a key that does not match the file`s own address', () => {
    const alice = Keypair.fromUri('//Alice');
    const mismatched = JSON.stringify({ privateKey: u8aToHex(alice.privateKey), ss58Address: ADDRESS });
    expect(() => deserializeKeyfile(mismatched)).toThrow(/belongs to 5Grwva.*says 5HDvhV/);
  });
});

describe('Keyfile on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'subnetkit-keyfile-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const fileAt = (name: string, password?: string) =>
    new Keyfile(join(dir, name), {
      keyName: 'coldkey',
      encryption: { kdf: FAST_KDF },
      password: () => {
        if (password === undefined) throw new Error('no password expected');
        return password;
      },
    });

  it('writes plain JSON with mode 0600 and reads it back', async () => {
    const file = fileAt('nested/dirs/key');
    await file.write(Keypair.fromMnemonic(MNEMONIC));
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested/dirs'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(file.path, 'utf8')).secretPhrase).toBe(MNEMONIC);
    expect(await file.encryption()).toBeNull();
    expect((await file.read()).ss58Address).toBe(ADDRESS);
  });

  it('encrypts with the password source and decrypts with it', async () => {
    const file = fileAt('coldkey', 'pw');
    await file.write(Keypair.fromMnemonic(MNEMONIC), { encrypt: true });
    expect((await readFile(file.path)).subarray(0, 5).toString()).toBe('$NACL');
    expect(await file.encryption()).toBe('nacl');
    expect((await file.read()).ss58Address).toBe(ADDRESS);
  });

  it('never overwrites without the flag, and leaves no temporary file behind', async () => {
    const file = fileAt('coldkey');
    await file.write(Keypair.fromUri('//Alice'));
    const error = await file.write(Keypair.fromUri('//Bob')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WalletError);
    expect((error as WalletError).code).toBe('KeyfileExists');
    expect((error as WalletError).message).toContain(file.path);
    expect((error as WalletError).message).toContain('overwrite: true');
    expect((await file.read()).ss58Address).toBe(ALICE);

    await file.write(Keypair.fromUri('//Bob'), { overwrite: true });
    expect((await file.read()).ss58Address).toBe('5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty');
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['coldkey']);
  });

  it('lets only one of two racing writers create the file', async () => {
    const results = await Promise.allSettled([
      fileAt('coldkey').write(Keypair.fromUri('//Alice')),
      fileAt('coldkey').write(Keypair.fromUri('//Bob')),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const reasons = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(reasons.map((reason) => (reason as WalletError).code)).toEqual(['KeyfileExists']);
    expect(await readdir(dir)).toEqual(['coldkey']);
  });

  it('reports a missing file with its path and how to create it', async () => {
    const file = new Keyfile(join(dir, 'missing'), { keyName: 'coldkey', createHint: 'Create it with X.' });
    await expect(file.read()).rejects.toThrow(
      `No coldkey keyfile at ${join(dir, 'missing')}. Create it with X.`,
    );
    expect(await walletErrorCode(file.read())).toBe('KeyfileNotFound');
    expect(await file.exists()).toBe(false);
  });

  it('reports corrupt JSON with the path', async () => {
    await writeFile(join(dir, 'coldkey'), '{"secretPhrase": ');
    const error = await fileAt('coldkey')
      .read()
      .catch((e: unknown) => e);
    expect((error as WalletError).code).toBe('KeyfileCorrupt');
    expect((error as WalletError).path).toBe(join(dir, 'coldkey'));
  });

  it('names the env variable and path on a wrong password', async () => {
    await fileAt('coldkey', 'right').write(Keypair.fromUri('//Alice'), { encrypt: true });
    const error = await fileAt('coldkey', 'wrong')
      .read()
      .catch((e: unknown) => e);
    expect((error as WalletError).code).toBe('WrongPassword');
    expect((error as WalletError).message).toContain(join(dir, 'coldkey'));
    expect((error as WalletError).message).toMatch(/mnemonic/);
  });

  it('expands ~ and derives the BT_PW_ variable from the expanded path', () => {
    const file = new Keyfile('~/.bittensor/wallets/default/coldkey');
    expect(file.path.startsWith('~')).toBe(false);
    expect(file.envVar).toMatch(/^BT_PW__.*__BITTENSOR_WALLETS_DEFAULT_COLDKEY$/);
  });
});
