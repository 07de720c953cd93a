/**
 * Where keyfile passwords come from: the `BT_PW_…` environment variable btwallet reads, else a
 * hidden prompt on a terminal, else a clear error. The source is a plain function so that tests
 * and services can supply passwords without a prompt.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { WalletError } from './errors';

export interface PasswordRequest {
  /** `decrypt` to unlock an existing keyfile, `encrypt` to choose the password of a new one. */
  purpose: 'decrypt' | 'encrypt';
  /** The keyfile, as btwallet names it (tilde-expanded, not resolved). */
  keyfilePath: string;
  /** What is being unlocked, for messages: `coldkey`, `hotkey "<name>"`, … */
  keyName: string;
  /** The `BT_PW_…` variable btwallet reads this keyfile's password from. */
  envVar: string;
}

export type PasswordSource = (request: PasswordRequest) => string | Promise<string>;

export interface PromptIO {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * btwallet's `Keyfile.env_var_name`: `BT_PW_` + the keyfile path with `/` and `.` replaced by `_`,
 * upper-cased. `/home/me/.bittensor/wallets/default/coldkey` → `BT_PW__HOME_ME__BITTENSOR_WALLETS_DEFAULT_COLDKEY`.
 */
export function passwordEnvVarName(keyfilePath: string): string {
  return `BT_PW_${keyfilePath.replaceAll('/', '_').replaceAll('.', '_').toUpperCase()}`;
}

/**
 * The password stored in a `BT_PW_…` variable. btwallet's `save_password_to_env` does not store
 * the password itself but each character's low byte XOR-ed with the variable name (cycled), as
 * characters U+0000–U+00FF; reading it applies the same XOR. Decoded here exactly the same way, so a
 * value saved by btwallet works, and a value to export can be made with `encodeEnvPassword`.
 */
export function decodeEnvPassword(value: string, envVar: string): string {
  return xorWithName(value, envVar);
}

/** The value btwallet's `save_password_to_env` stores for `password` in the variable `envVar`. */
export function encodeEnvPassword(password: string, envVar: string): string {
  return xorWithName(password, envVar);
}

/**
 * The default source: the decoded `BT_PW_…` variable if set, else a hidden prompt when stdin is a
 * terminal (typed twice when choosing a password), else a `PasswordRequired` error naming the variable.
 */
export function defaultPasswordSource(
  env: NodeJS.ProcessEnv = process.env,
  io: PromptIO = { input: process.stdin, output: process.stderr },
): PasswordSource {
  return async (request) => {
    const stored = env[request.envVar];
    if (stored !== undefined) return decodeEnvPassword(stored, request.envVar);
    if (!io.input.isTTY) {
      throw new WalletError(
        'PasswordRequired',
        `The ${request.keyName} at ${request.keyfilePath} needs a password and there is no terminal to ` +
          `ask on. Set ${request.envVar} (to the value encodeEnvPassword gives, as btwallet's ` +
          'save_password_to_env stores it) or pass a password source.',
        { path: request.keyfilePath },
      );
    }
    if (request.purpose === 'decrypt') {
      return promptPassword(`Enter the password of ${request.keyName} (${request.keyfilePath}): `, io);
    }
    const password = await promptPassword(`Choose a password to encrypt ${request.keyName}: `, io);
    if (password === '') {
      throw new WalletError('PasswordRequired', 'An empty password does not protect a keyfile; choose one.', {
        path: request.keyfilePath,
      });
    }
    if ((await promptPassword('Retype the password: ', io)) !== password) {
      throw new WalletError('PasswordMismatch', 'The passwords differ; nothing was written. Try again.', {
        path: request.keyfilePath,
      });
    }
    return password;
  };
}

/**
 * Reads one line without echoing it. Leading and trailing spaces are dropped, as btwallet's prompt
 * drops them, so a password typed at btcli opens here too.
 */
export function promptPassword(message: string, io: PromptIO): Promise<string> {
  io.output.write(message);
  // readline echoes what it reads to its output; giving it a sink hides the typing, and on a
  // terminal it switches the input to raw mode so the terminal does not echo either.
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: io.input, output: sink, terminal: true });
  return new Promise((resolve, reject) => {
    let answered = false;
    const aborted = () =>
      new WalletError('PasswordPromptAborted', 'Password prompt aborted; nothing was decrypted or written.');
    rl.question('', (answer) => {
      answered = true;
      rl.close();
      resolve(answer.trim());
    });
    rl.on('SIGINT', () => {
      rl.close();
    });
    rl.on('close', () => {
      io.output.write('\n');
      if (!answered) reject(aborted());
    });
  });
}

function xorWithName(text: string, envVar: string): string {
  const name = [...envVar];
  // btwallet cycles over `key.len()`, the name's UTF-8 length, while indexing its characters;
  // that only differs for non-ASCII paths, where btwallet itself panics.
  const cycle = Buffer.byteLength(envVar, 'utf8');
  return [...text]
    .map((char, i) => {
      const keyChar = name[i % cycle];
      if (keyChar === undefined) {
        throw new WalletError(
          'PasswordRequired',
          `Cannot decode ${envVar}: btwallet cannot use non-ASCII paths here.`,
        );
      }
      return String.fromCharCode(
        ((char.codePointAt(0) ?? 0) & 0xff) ^ ((keyChar.codePointAt(0) ?? 0) & 0xff),
      );
    })
    .join('');
}
