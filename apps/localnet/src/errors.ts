/** Why the local network could not start: each names what was wrong and what to do. */
export type LocalnetErrorCode =
  | 'InvalidManifest'
  | 'DuplicateNetuid'
  | 'NoSubnets'
  | 'UnknownSubnet'
  | 'NodeDidNotStart'
  | 'SetupFailed'
  | 'InvalidOptions';

export class LocalnetError extends Error {
  override readonly name = 'LocalnetError';
  constructor(
    readonly code: LocalnetErrorCode,
    message: string,
  ) {
    super(message);
  }
}
