/** Why the node could not do what was asked (the chain's own refusals are ChainError). */
export type NodeErrorCode = 'NodeStopped' | 'InclusionTimeout' | 'InvalidOptions' | 'UnknownExtrinsic';

export class NodeError extends Error {
  override readonly name = 'NodeError';
  constructor(
    readonly code: NodeErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
