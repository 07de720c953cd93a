import type { CallOf } from '../calls';
import { reject } from '../errors';
import type { CallContext } from './context';

export function transfer({ ledger, signer, emit }: CallContext, { dest, amount }: CallOf<'transfer'>): void {
  if (amount === 0n) reject('ZeroAmount', 'transfer of 0 rao; give an amount above zero');
  if (dest === signer) reject('TransferToSelf', `${signer} cannot transfer to itself`);
  ledger.debit(signer, amount, 'transfer');
  ledger.credit(dest, amount);
  emit({ type: 'Transfer', from: signer, to: dest, amount });
}
