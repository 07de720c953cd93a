import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  decodeEnvPassword,
  defaultPasswordSource,
  encodeEnvPassword,
  type PasswordRequest,
  type PromptIO,
  passwordEnvVarName,
  promptPassword,
} from './password';
import { walletErrorCode } from './testing';

const COLDKEY = '/home/me/.bittensor/wallets/default/coldkey';
const ENV_VAR = 'BT_PW__HOME_ME__BITTENSOR_WALLETS_DEFAULT_COLDKEY';

function request(purpose: PasswordRequest['purpose']): PasswordRequest {
  return { purpose, keyfilePath: COLDKEY, keyName: 'coldkey', envVar: ENV_VAR };
}

/** A fake terminal: what is "typed" goes to input, and output collects everything shown. */
function fakeTerminal(): { io: PromptIO; type: (text: string) => void; shown: () => string } {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  return { io: { input, output }, type: (text) => input.write(text), shown: () => shown };
}

describe('BT_PW_ variables', () => {
  it('names the variable from the keyfile path as btwallet does', () => {
    expect(passwordEnvVarName(COLDKEY)).toBe(ENV_VAR);
    expect(passwordEnvVarName('./wallets/my-wallet/hotkeys/miner.1')).toBe(
      'BT_PW___WALLETS_MY-WALLET_HOTKEYS_MINER_1',
    );
  });

  it('decodes the values of btwallet`s own tests', () => {
    // tests/test_keyfile.py::test_get_coldkey_password_from_environment
    expect(decodeEnvPassword('61,$>18', 'BT_PW_COLD_WALLET')).toBe('testin{');
    expect(decodeEnvPassword(' =+$21,:!t``', 'BT_PW_COLD_WALLET')).toBe('bittenoum0?7');
  });

  it('encodes a value that decodes back, cycling the name for long passwords', () => {
    const password = 'a much longer password than the name of the variable, with spaces';
    const stored = encodeEnvPassword(password, 'BT_PW_X');
    expect(stored).not.toBe(password);
    expect(decodeEnvPassword(stored, 'BT_PW_X')).toBe(password);
  });
});

describe('defaultPasswordSource', () => {
  it('takes the decoded BT_PW_ variable first', async () => {
    const env = { [ENV_VAR]: encodeEnvPassword('s3cret', ENV_VAR) };
    const source = defaultPasswordSource(env, fakeTerminal().io);
    expect(await source(request('decrypt'))).toBe('s3cret');
  });

  it('without a terminal, says which variable to set', async () => {
    const io = { input: Object.assign(new PassThrough(), { isTTY: false }), output: new PassThrough() };
    const pending = Promise.resolve(defaultPasswordSource({}, io)(request('decrypt')));
    await expect(pending).rejects.toThrow(ENV_VAR);
    expect(await walletErrorCode(Promise.resolve(defaultPasswordSource({}, io)(request('decrypt'))))).toBe(
      'PasswordRequired',
    );
  });

  it('prompts on a terminal without echoing, and trims like btwallet', async () => {
    const terminal = fakeTerminal();
    const answer = Promise.resolve(defaultPasswordSource({}, terminal.io)(request('decrypt')));
    terminal.type('  hunter2 \n');
    expect(await answer).toBe('hunter2');
    expect(terminal.shown()).toContain(`Enter the password of coldkey (${COLDKEY})`);
    expect(terminal.shown()).not.toContain('hunter2');
  });

  it('asks twice when choosing a password, and refuses a mismatch', async () => {
    const matching = fakeTerminal();
    const chosen = Promise.resolve(defaultPasswordSource({}, matching.io)(request('encrypt')));
    matching.type('new pass\n');
    await new Promise((resolve) => setImmediate(resolve));
    matching.type('new pass\n');
    expect(await chosen).toBe('new pass');

    const differing = fakeTerminal();
    const refused = Promise.resolve(defaultPasswordSource({}, differing.io)(request('encrypt')));
    differing.type('one\n');
    await new Promise((resolve) => setImmediate(resolve));
    differing.type('two\n');
    expect(await walletErrorCode(refused)).toBe('PasswordMismatch');
  });

  it('refuses an empty password for a new keyfile', async () => {
    const terminal = fakeTerminal();
    const refused = Promise.resolve(defaultPasswordSource({}, terminal.io)(request('encrypt')));
    terminal.type('\n');
    expect(await walletErrorCode(refused)).toBe('PasswordRequired');
  });
});

describe('promptPassword', () => {
  it('rejects with PasswordPromptAborted when the input ends', async () => {
    const terminal = fakeTerminal();
    const answer = promptPassword('Password: ', terminal.io);
    (terminal.io.input as PassThrough).end();
    expect(await walletErrorCode(answer)).toBe('PasswordPromptAborted');
  });

  it('rejects with PasswordPromptAborted on Ctrl-C', async () => {
    const terminal = fakeTerminal();
    const answer = promptPassword('Password: ', terminal.io);
    terminal.type('\u0003');
    expect(await walletErrorCode(answer)).toBe('PasswordPromptAborted');
  });
});
