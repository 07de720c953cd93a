import { WalletError, type WalletErrorCode } from './errors';

/** Test helper: the code of the WalletError a promise rejects with, or undefined if it resolves. */
export async function walletErrorCode(promise: Promise<unknown>): Promise<WalletErrorCode | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WalletError) return error.code;
    throw error;
  }
  return undefined;
}

/** Test helper: the code of the WalletError a function throws, or undefined if it returns. */
export function walletErrorCodeSync(fn: () => unknown): WalletErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof WalletError) return error.code;
    throw error;
  }
  return undefined;
}
