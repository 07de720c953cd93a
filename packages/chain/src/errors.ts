/**
 * Why the chain rejected an extrinsic. The names follow Subtensor's `Error<T>` where one exists,
 * so users can look them up. An extrinsic whose call fails is still included and bumps its signer's
 * nonce, as in Substrate, but changes nothing else; nonce errors are never included.
 */
export type ChainErrorCode =
  | 'InvalidCall'
  | 'InvalidSignature'
  | 'StaleNonce'
  | 'FutureNonce'
  | 'InsufficientBalance'
  | 'ZeroAmount'
  | 'TransferToSelf'
  | 'SubnetNotExists'
  | 'NetuidTaken'
  | 'ChosenNetuidNotAllowed'
  | 'SubnetLimitReached'
  | 'NotRegistered'
  | 'AlreadyRegistered'
  | 'NonAssociatedColdKey'
  | 'RegistrationDisabled'
  | 'TooManyRegistrationsThisBlock'
  | 'NoNeuronIdAvailable'
  | 'HotKeyAccountNotExists'
  | 'NotEnoughStakeToWithdraw'
  | 'NotEnoughStakeToSetWeights'
  | 'SettingWeightsTooFast'
  | 'IncorrectWeightVersionKey'
  | 'WeightVecNotEqualSize'
  | 'WeightVecLengthIsLow'
  | 'DuplicateUids'
  | 'UidVecContainInvalidOne'
  | 'NeuronNoValidatorPermit'
  | 'ServingRateLimitExceeded'
  | 'InvalidIpAddress'
  | 'InvalidIpType'
  | 'InvalidPort'
  | 'NotSubnetOwner'
  | 'UnknownHyperparameter'
  | 'HyperparameterOutOfBounds'
  | 'NotRootMember'
  | 'RootMembershipFull'
  | 'InvalidRootWeights'
  | 'InvalidTake'
  // The node's extrinsic pool (Substrate's transaction-pool errors), refused before any block.
  | 'AlreadyImported'
  | 'PoolFull';

export class ChainError extends Error {
  override readonly name = 'ChainError';
  constructor(
    readonly code: ChainErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export function reject(code: ChainErrorCode, message: string): never {
  throw new ChainError(code, message);
}
