/** Why the chain store refused: each code says what is wrong with the database and what to do. */
export type StoreErrorCode =
  | 'GenesisMismatch'
  | 'ParamsMismatch'
  | 'NotADatabase'
  | 'NotInitialized'
  | 'SchemaTooNew'
  | 'NotNextBlock'
  | 'StateMismatch'
  | 'UnknownRecord'
  | 'CorruptState'
  | 'BlockNotFound'
  | 'ReplayMismatch'
  | 'Closed';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
