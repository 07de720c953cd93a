export type ProtocolErrorCode =
  /** A synapse definition that cannot go on the wire (bad name, reserved or clashing fields). */
  | 'InvalidSynapse'
  /** A hash field whose type has no Python `str()` we can reproduce, so its body hash would differ. */
  | 'UnsupportedHashField'
  /** A `bt_header_*` or `timeout` header that does not parse. */
  | 'InvalidHeader'
  /** An axon used out of order: attach after listen, the same route twice, listen twice. */
  | 'AxonState';

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';

  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What a caught value says: an Error's message, anything else as a string. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
