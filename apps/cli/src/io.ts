/** Where a command writes: the process's streams, or a buffer in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Exit codes that mean something to scripts. */
export const EXIT = {
  ok: 0,
  /** The chain said no, or could not be reached: what and what to do is on stderr. */
  failed: 1,
  /** Bad command line. */
  usage: 2,
} as const;

/** A failure the user can act on: printed as one line, `subnetkit: <message>`, with its exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}
