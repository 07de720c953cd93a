import { inspect } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cryptoReady,
  DEV_PHRASE,
  generateMnemonic,
  isValidMnemonic,
  isValidSs58Address,
  KeyError,
  type KeyErrorCode,
  Keypair,
  publicAccount,
  ss58Decode,
  ss58Encode,
} from './keys';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_PUBLIC_KEY = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
// Vectors from btwallet's tests/test_keyfile.py (substrate's derivation via sp_core).
const BTWALLET_MNEMONIC = 'old leopard transfer rib spatial phone calm indicate online fire caution review';
const BTWALLET_ADDRESS = '5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX';
const BTWALLET_PUBLIC_KEY = '0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446';
const BTWALLET_PRIVATE_KEY =
  '0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a' +
  '9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e';

function keyErrorCode(fn: () => unknown): KeyErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof KeyError) return error.code;
    throw error;
  }
  return undefined;
}

beforeAll(cryptoReady);

describe('derivation vectors', () => {
  it('derives the substrate dev accounts from URIs', () => {
    expect(Keypair.fromUri('//Alice').ss58Address).toBe(ALICE);
    expect(Keypair.fromUri('//Bob').ss58Address).toBe(BOB);
    expect(u8aToHex(Keypair.fromUri('//Alice').publicKey)).toBe(ALICE_PUBLIC_KEY);
  });

  it('derives the dev phrase itself, and an explicit dev phrase path equals the short URI', () => {
    expect(Keypair.fromMnemonic(DEV_PHRASE).ss58Address).toBe(
      '5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV',
    );
    expect(Keypair.fromUri(`${DEV_PHRASE}//Alice`).ss58Address).toBe(ALICE);
  });

  it('matches btwallet for a mnemonic, its hard and soft paths and nested dev paths', () => {
    expect(Keypair.fromMnemonic(BTWALLET_MNEMONIC).ss58Address).toBe(BTWALLET_ADDRESS);
    expect(Keypair.fromUri(`${BTWALLET_MNEMONIC}//Alice`).ss58Address).toBe(
      '5FEiH8iuDUw271xbqWTWuB6WrDjv5dnCeDX1CyHubAniXDNN',
    );
    expect(Keypair.fromUri(`${BTWALLET_MNEMONIC}/Alice`).ss58Address).toBe(
      '5GNXbA46ma5dg19GXdiKi5JH3mnkZ8Yea3bBtZAvj7t99P9i',
    );
    expect(Keypair.fromUri('//Bob/test').ss58Address).toBe(
      '5CJGwWiKXSE16WJaxBdPZhWqUYkotgenLUALv7ZvqQ4TXeqf',
    );
    expect(Keypair.fromUri('/Bob//test').ss58Address).toBe(
      '5Cwc8tShrshDJUp1P1M21dKUTcYQpV9GcfSa4hUBNmMdV3Cx',
    );
    expect(Keypair.fromUri('//PathNameLongerThan32BytesWhichShouldBeHashed').ss58Address).toBe(
      '5GR5pfZeNs1uQiSWVxZaQiZou3wdZiX894eqgvfNfHbEh7W2',
    );
  });

  it('agrees with the polkadot keyring (sr25519, prefix 42)', () => {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    for (const uri of [DEV_PHRASE, `${DEV_PHRASE}//Alice//stash`, `${BTWALLET_MNEMONIC}/soft//hard`]) {
      expect(Keypair.fromUri(uri).ss58Address).toBe(keyring.addFromUri(uri).address);
    }
  });

  it('uses the mnemonic password after ///, as substrate does', () => {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const uri = `${BTWALLET_MNEMONIC}//0///secret`;
    expect(Keypair.fromUri(uri).ss58Address).toBe(keyring.addFromUri(uri).address);
    expect(Keypair.fromUri(uri).ss58Address).not.toBe(Keypair.fromUri(`${BTWALLET_MNEMONIC}//0`).ss58Address);
  });

  it('keeps the mnemonic and mini-secret seed, and a seed key equals its mnemonic key', () => {
    const fromMnemonic = Keypair.fromMnemonic(BTWALLET_MNEMONIC);
    expect(fromMnemonic.mnemonic).toBe(BTWALLET_MNEMONIC);
    const seed = fromMnemonic.seed;
    expect(seed).toHaveLength(32);
    const fromSeed = Keypair.fromSeed(u8aToHex(seed));
    expect(fromSeed.ss58Address).toBe(BTWALLET_ADDRESS);
    expect(fromSeed.mnemonic).toBeNull();
    expect(Keypair.fromUri('//Alice').mnemonic).toBeNull();
    expect(Keypair.fromUri('//Alice').seed).toBeNull();
  });

  it('normalises spacing and case of a mnemonic to what substrate accepts', () => {
    const key = Keypair.fromMnemonic(`  ${BTWALLET_MNEMONIC.toUpperCase().replaceAll(' ', '   ')}\n`);
    expect(key.ss58Address).toBe(BTWALLET_ADDRESS);
    expect(key.mnemonic).toBe(BTWALLET_MNEMONIC);
  });
});

describe('private key (schnorrkel SecretKey::to_bytes)', () => {
  it('equals btwallet`s private key for the same mnemonic: the scalar divided by the cofactor', () => {
    expect(u8aToHex(Keypair.fromMnemonic(BTWALLET_MNEMONIC).privateKey)).toBe(BTWALLET_PRIVATE_KEY);
  });

  it('rebuilds the key from btwallet`s private key, multiplying the scalar back by 8', () => {
    const key = Keypair.fromPrivateKey(BTWALLET_PRIVATE_KEY);
    expect(u8aToHex(key.publicKey)).toBe(BTWALLET_PUBLIC_KEY);
    expect(u8aToHex(key.privateKey)).toBe(BTWALLET_PRIVATE_KEY);
  });

  it('round-trips derived keys and signs with the rebuilt key', () => {
    for (const uri of ['//Alice', '//Bob/soft', `${BTWALLET_MNEMONIC}//hard/soft//0`]) {
      const original = Keypair.fromUri(uri);
      const rebuilt = Keypair.fromPrivateKey(original.privateKey);
      expect(rebuilt.ss58Address).toBe(original.ss58Address);
      expect(Keypair.verify('round trip', rebuilt.sign('round trip'), original.ss58Address)).toBe(true);
      expect(Keypair.verify('round trip', original.sign('round trip'), rebuilt.publicKey)).toBe(true);
    }
  });

  it('refuses a private key of the wrong length or with an unreduced scalar', () => {
    expect(keyErrorCode(() => Keypair.fromPrivateKey('0x1234'))).toBe('InvalidPrivateKey');
    expect(keyErrorCode(() => Keypair.fromPrivateKey(`0x${'ff'.repeat(64)}`))).toBe('InvalidPrivateKey');
    expect(keyErrorCode(() => Keypair.fromPrivateKey('not hex'))).toBe('InvalidPrivateKey');
  });
});

describe('sign and verify', () => {
  const alice = Keypair.fromUri('//Alice');
  const bob = Keypair.fromUri('//Bob');

  it('verifies a signature by address, hex public key or public key bytes', () => {
    const signature = alice.sign('hello subnet');
    expect(signature).toHaveLength(64);
    expect(Keypair.verify('hello subnet', signature, ALICE)).toBe(true);
    expect(Keypair.verify('hello subnet', u8aToHex(signature), ALICE_PUBLIC_KEY)).toBe(true);
    expect(Keypair.verify(new TextEncoder().encode('hello subnet'), signature, alice.publicKey)).toBe(true);
  });

  it('rejects a tampered message, a tampered signature and the wrong key', () => {
    const signature = alice.sign('hello subnet');
    expect(Keypair.verify('hello subnet!', signature, ALICE)).toBe(false);
    const tampered = signature.slice();
    tampered[5] = (tampered[5] ?? 0) ^ 1;
    expect(Keypair.verify('hello subnet', tampered, ALICE)).toBe(false);
    expect(Keypair.verify('hello subnet', signature, BOB)).toBe(false);
    expect(Keypair.verify('hello subnet', bob.sign('hello subnet'), ALICE)).toBe(false);
  });

  it('signs 0x strings as the bytes they spell, like btwallet', () => {
    const signature = alice.sign('0x1234');
    expect(Keypair.verify(Uint8Array.from([0x12, 0x34]), signature, ALICE)).toBe(true);
    expect(keyErrorCode(() => alice.sign('0x123'))).toBe('InvalidHex');
  });

  it('accepts a signature of the <Bytes>-wrapped message, as btwallet does', () => {
    const signature = alice.sign('<Bytes>wrapped</Bytes>');
    expect(Keypair.verify('wrapped', signature, ALICE)).toBe(true);
  });

  it('returns false instead of throwing on malformed input', () => {
    const signature = alice.sign('x');
    expect(Keypair.verify('x', signature.subarray(1), ALICE)).toBe(false);
    expect(Keypair.verify('x', 'Test', ALICE)).toBe(false);
    expect(Keypair.verify('x', signature, 'not an address')).toBe(false);
    expect(Keypair.verify('0xzz', signature, ALICE)).toBe(false);
  });
});

describe('mnemonics', () => {
  it('generates valid mnemonics of each length (12 by default)', () => {
    expect(generateMnemonic().split(' ')).toHaveLength(12);
    for (const words of [15, 18, 21, 24] as const) {
      const mnemonic = generateMnemonic(words);
      expect(mnemonic.split(' ')).toHaveLength(words);
      expect(isValidMnemonic(mnemonic)).toBe(true);
    }
    expect(keyErrorCode(() => generateMnemonic(13 as 12))).toBe('InvalidMnemonic');
  });

  it('explains what is wrong with an invalid mnemonic without echoing its words', () => {
    const words = BTWALLET_MNEMONIC.split(' ');
    const tooShort = () => Keypair.fromMnemonic(words.slice(0, 11).join(' '));
    expect(tooShort).toThrow(/11 words.*12, 15, 18, 21 or 24/);
    const misspelt = () =>
      Keypair.fromMnemonic([...words.slice(0, 2), 'transferr', ...words.slice(3)].join(' '));
    expect(misspelt).toThrow(/word 3 is not in the BIP39 English word list/);
    expect(misspelt).not.toThrow(/transferr/);
    const swapped = [words[1], words[0], ...words.slice(2)].join(' ');
    expect(() => Keypair.fromMnemonic(swapped)).toThrow(/checksum/);
    expect(keyErrorCode(() => Keypair.fromMnemonic(swapped))).toBe('InvalidMnemonic');
    expect(isValidMnemonic(swapped)).toBe(false);
  });

  it('refuses URIs with a bad phrase, seed or path', () => {
    expect(keyErrorCode(() => Keypair.fromUri('Alice'))).toBe('InvalidMnemonic');
    expect(keyErrorCode(() => Keypair.fromUri('0x1234//Alice'))).toBe('InvalidUri');
    expect(keyErrorCode(() => Keypair.fromSeed('0x1234'))).toBe('InvalidSeed');
  });
});

describe('SS58', () => {
  it('encodes and decodes prefix-42 addresses', () => {
    expect(ss58Encode(ALICE_PUBLIC_KEY)).toBe(ALICE);
    expect(u8aToHex(ss58Decode(ALICE))).toBe(ALICE_PUBLIC_KEY);
    expect(ss58Encode(ss58Decode(BOB))).toBe(BOB);
  });

  it('validates addresses: checksum, prefix and length', () => {
    expect(isValidSs58Address(ALICE)).toBe(true);
    expect(isValidSs58Address(`${ALICE.slice(0, -1)}Z`)).toBe(false);
    // Alice on Polkadot (prefix 0) is the same key under another network's prefix.
    expect(isValidSs58Address('15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5')).toBe(false);
    expect(isValidSs58Address('15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5', 0)).toBe(true);
    expect(isValidSs58Address('')).toBe(false);
    expect(keyErrorCode(() => ss58Decode('5abc'))).toBe('InvalidAddress');
    expect(keyErrorCode(() => ss58Encode('0x1234'))).toBe('InvalidPublicKey');
  });

  it('builds public accounts from an address or a public key', () => {
    expect(publicAccount(ALICE).ss58Address).toBe(ALICE);
    expect(publicAccount(ALICE_PUBLIC_KEY).ss58Address).toBe(ALICE);
    expect(u8aToHex(publicAccount(ALICE).publicKey)).toBe(ALICE_PUBLIC_KEY);
  });
});

describe('secrets stay out of logs', () => {
  it('prints and serialises only the address and public key', () => {
    const key = Keypair.fromMnemonic(BTWALLET_MNEMONIC);
    expect(JSON.parse(JSON.stringify(key))).toEqual({
      ss58Address: BTWALLET_ADDRESS,
      publicKey: BTWALLET_PUBLIC_KEY,
    });
    expect(inspect(key)).toBe(`Keypair(${BTWALLET_ADDRESS})`);
    expect(`${key}`).not.toContain('leopard');
  });
});
