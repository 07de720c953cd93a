export type WalletErrorCode =
  /** A wallet or hotkey name that is not a plain file name (empty, `.`, `..`, or with a `/`). */
  | 'InvalidName'
  /** No keyfile at the path: the key was never created, or the wallet name/path is wrong. */
  | 'KeyfileNotFound'
  /** Refused to replace an existing keyfile without `overwrite: true`. */
  | 'KeyfileExists'
  /** The file is there but is not a keyfile (bad JSON, bad fields, truncated ciphertext). */
  | 'KeyfileCorrupt'
  /** The file could not be read or written (permissions, a directory in the way, …). */
  | 'KeyfileUnreadable'
  /** The keyfile is encrypted in a format this library does not decrypt (Ansible Vault). */
  | 'UnsupportedEncryption'
  | 'WrongPassword'
  /** A password is needed but none was given, no env variable is set and there is no terminal. */
  | 'PasswordRequired'
  /** The two passwords typed when choosing one differ. */
  | 'PasswordMismatch'
  /** The user pressed Ctrl-C or closed the input at the password prompt. */
  | 'PasswordPromptAborted';

export class WalletError extends Error {
  override readonly name = 'WalletError';
  /** The keyfile concerned, when there is one. */
  readonly path: string | undefined;

  constructor(
    readonly code: WalletErrorCode,
    message: string,
    options: { path?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.path = options.path;
  }
}
