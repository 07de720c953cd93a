export type TextGenerationErrorCode =
  /** A request with both or neither of `prompt` and `messages`, or with nothing to continue. */
  | 'InvalidRequest'
  /** The offline model could not be written to the models folder. */
  | 'ModelUnavailable'
  /** The validator's model ended every challenge it tried at once: there is nothing to score against. */
  | 'NoReference';

/** What went wrong and what to do about it; tests assert `code`, people read `message`. */
export class TextGenerationError extends Error {
  override readonly name = 'TextGenerationError';

  constructor(
    readonly code: TextGenerationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
