import sodium from 'libsodium-wrappers-sumo';
import { describe, expect, it } from 'vitest';
import {
  BTWALLET_KDF,
  decryptKeyfileData,
  deriveKeyfileKey,
  encryptKeyfileData,
  type KdfParams,
  keyfileEncryption,
} from './encryption';
import { walletErrorCode } from './testing';

// Argon2i's minimum cost: the same code path as the real parameters, in milliseconds.
const FAST_KDF: KdfParams = { opslimit: 3, memlimit: 8192 };
const FULL_KDF_TIMEOUT_MS = 120_000;

const ALICE_KEYFILE =
  '{"accountId":"0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",' +
  '"publicKey":"0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",' +
  '"privateKey":"0x33a6f3093f158a7109f679410bef1a0c54168145e0cecb4df006c1c2fffb1f09' +
  '925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011",' +
  '"ss58Address":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"}';

// ALICE_KEYFILE encrypted with the btwallet parameters and password "correct horse battery staple".
const ALICE_KEYFILE_NACL =
  'JE5BQ0x/gF5rtXdkUIdnkC9gOF7qdnTTmD+MwvfgAFdR63rM7VTnSrz8liGjfDAt0kGFjM9LxL5G3eePEMu5f8Vrnv/deRUvKF5uxM/eIG' +
  'rWfjZF1iNG0+JU+PeTXlYsI16llFU/OckWHq+qI/YYDPDEKQYMigPLtxshZzOt6mUYwUXucqBAeDkFlEsh9O72RdSsDhMsvQjSMA3w5jsW' +
  '8YcBjY9PK8+N4mg3iW6LJVv7s2LsxzbFeIpSR+r3dyBikX65HL9UzW4kH+SSrwgvvOPIQYDjfmpx490PiN+C67hHc9h2CwqtG2hvm9k7I9' +
  'TB0hrjsr1JquR0OhRkB+0QXuNjaP1H43nLGwic/q94fhGNtBy9OQ+oCidQTmDxvTpImc2YK9HLSEaYc+05T/uZmrNa6E/ltWKYzrxUSFkb' +
  'e8EK3jOj7N+meGFYf8G9T9lSRDFb84szZmbYhvu8X87vSjMZNXHtKPGqNDoH8dAmfZmVPrz6kinE4CMqCV5jMxiPqpVVMOAM+ttxiE/xwG' +
  'qbQHyh7gZP1biP7+JZwTK9iVcrt/Q=';

// Argon2i v1.3, t=8, m=512 MiB, p=1 over "password" and NACL_SALT, computed by hash-wasm's
// independent implementation: libsodium (used here) must produce the same key.
const HASH_WASM_KEY_FOR_PASSWORD = 'e0f0a46eb9cef9668809f83188345c0af9c9514a18a407709e1f34dd677a7363';

// Made with Python's `cryptography` as bittensor's legacy keyfile code did, but with 1000
// PBKDF2 rounds instead of 10 000 000 to keep the test fast; password "hunter2".
const FERNET_1000_ROUNDS =
  'gAAAAABrBzHDkpKnn0RIdWapyd09uUuWO2BG-xByERM-jTVBlINXBW8lupckiaGIaasbxRfRCVdb7sm_1kss2-Ya1C2JmjbJn3k22HxS2' +
  '0ja8bY3T9Zo0F1g82A0W6pFUHXOGqEKPwt4GVaVVoK5hF6W7lCTd2JpO_b1n3HDFnpluIpHoST0uY3emtus1X_kptRIWzwXw0moHI7ZL8_vt' +
  '5PVvMsrrRsJ6M36D6zsFSKNW2W5I8UG7EgqoUSD9rDBorjeex9MFK3rBbffJsM1yb5RRhw7xQis5MeyO8131k1MwLm2vVxxox4H_zGERf3D' +
  'WlOzOQQDx--X893ki_eF-lbLLmxQKYjMR-rre4OIxB_UKi0zebCkkNO6XZuNfJTOuiMffHgX4jNUp1eykSS3A2OJZUC6Iw2Vpfpn1Nv21w-K' +
  'hGM2W6_GqG7w9X6pkkUrHBRQVCWIqnDu';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (value: string) => new TextEncoder().encode(value);

describe('with the real btwallet parameters (Argon2i, 8 passes, 512 MiB)', () => {
  it(
    'encrypts so that the independently derived key opens it',
    async () => {
      expect(BTWALLET_KDF).toEqual({ opslimit: 8, memlimit: 512 * 1024 * 1024 });
      const sealed = await encryptKeyfileData(bytes(ALICE_KEYFILE), 'password');
      expect(text(sealed.subarray(0, 5))).toBe('$NACL');
      await sodium.ready;
      const key = Uint8Array.from(Buffer.from(HASH_WASM_KEY_FOR_PASSWORD, 'hex'));
      const opened = sodium.crypto_secretbox_open_easy(sealed.subarray(29), sealed.subarray(5, 29), key);
      expect(text(opened)).toBe(ALICE_KEYFILE);
    },
    FULL_KDF_TIMEOUT_MS,
  );

  it(
    'decrypts a $NACL keyfile',
    async () => {
      const plain = await decryptKeyfileData(
        Buffer.from(ALICE_KEYFILE_NACL, 'base64'),
        'correct horse battery staple',
      );
      expect(text(plain)).toBe(ALICE_KEYFILE);
    },
    FULL_KDF_TIMEOUT_MS,
  );
});

describe('NaCl keyfiles', () => {
  it('round-trips with a fresh nonce each time', async () => {
    const a = await encryptKeyfileData(bytes(ALICE_KEYFILE), 'pw', { kdf: FAST_KDF });
    const b = await encryptKeyfileData(bytes(ALICE_KEYFILE), 'pw', { kdf: FAST_KDF });
    expect(a).not.toEqual(b);
    expect(a).toHaveLength(5 + 24 + 16 + ALICE_KEYFILE.length);
    expect(text(await decryptKeyfileData(a, 'pw', { kdf: FAST_KDF }))).toBe(ALICE_KEYFILE);
  });

  it('reports a wrong password as WrongPassword', async () => {
    const sealed = await encryptKeyfileData(bytes(ALICE_KEYFILE), 'pw', { kdf: FAST_KDF });
    expect(await walletErrorCode(decryptKeyfileData(sealed, 'PW', { kdf: FAST_KDF }))).toBe('WrongPassword');
  });

  it('reports truncated data as KeyfileCorrupt', async () => {
    expect(await walletErrorCode(decryptKeyfileData(bytes('$NACLshort'), 'pw', { kdf: FAST_KDF }))).toBe(
      'KeyfileCorrupt',
    );
  });

  it('hashes the password as UTF-8 bytes', async () => {
    const utf8 = await deriveKeyfileKey('pässwörd', FAST_KDF);
    expect(utf8).toEqual(await deriveKeyfileKey('pässwörd', FAST_KDF));
    expect(utf8).not.toEqual(await deriveKeyfileKey('passwrd', FAST_KDF));
  });
});

describe('legacy formats', () => {
  it('recognises each format by its prefix', () => {
    expect(keyfileEncryption(bytes('$NACL…'))).toBe('nacl');
    expect(keyfileEncryption(bytes('$ANSIBLE_VAULT;1.1;AES256\n6162'))).toBe('ansible-vault');
    expect(keyfileEncryption(bytes(FERNET_1000_ROUNDS))).toBe('fernet');
    expect(keyfileEncryption(bytes(ALICE_KEYFILE))).toBeNull();
  });

  it('decrypts a Fernet keyfile written by Python, and rejects a wrong password', async () => {
    const plain = await decryptKeyfileData(bytes(FERNET_1000_ROUNDS), 'hunter2', { fernetIterations: 1000 });
    expect(JSON.parse(text(plain))).toMatchObject({
      secretPhrase: null,
      ss58Address: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
    });
    const wrong = decryptKeyfileData(bytes(FERNET_1000_ROUNDS), 'hunter3', { fernetIterations: 1000 });
    expect(await walletErrorCode(wrong)).toBe('WrongPassword');
  });

  it('explains that Ansible Vault keyfiles are not supported and what to do', async () => {
    const vault = decryptKeyfileData(bytes('$ANSIBLE_VAULT;1.1;AES256\n6162'), 'pw');
    await expect(vault).rejects.toThrow(/Ansible Vault.*Regenerate the key from its mnemonic/s);
    expect(await walletErrorCode(decryptKeyfileData(bytes('$ANSIBLE_VAULT;1.1'), 'pw'))).toBe(
      'UnsupportedEncryption',
    );
  });
});
