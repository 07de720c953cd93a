import type { CallOf } from '../calls';
import { reject } from '../errors';
import { MAX_TAKE } from '../state';
import type { CallContext } from './context';

export function addStake(
  { ledger, signer, emit }: CallContext,
  { hotkey, amount }: CallOf<'add_stake'>,
): void {
  if (amount === 0n) reject('ZeroAmount', 'staking 0 rao; give an amount above zero');
  if (!ledger.state.hotkeyOwner.has(hotkey)) {
    reject('HotKeyAccountNotExists', `hotkey ${hotkey} is not registered anywhere; register it first`);
  }
  ledger.debit(signer, amount, 'add_stake');
  ledger.addStake(hotkey, signer, amount);
  emit({ type: 'StakeAdded', coldkey: signer, hotkey, amount });
}

export function removeStake(
  { ledger, signer, emit }: CallContext,
  { hotkey, amount }: CallOf<'remove_stake'>,
): void {
  if (amount === 0n) reject('ZeroAmount', 'unstaking 0 rao; give an amount above zero');
  ledger.removeStake(hotkey, signer, amount);
  ledger.credit(signer, amount);
  emit({ type: 'StakeRemoved', coldkey: signer, hotkey, amount });
}

export function setTake({ ledger, signer, emit }: CallContext, { hotkey, take }: CallOf<'set_take'>): void {
  const owner = ledger.state.hotkeyOwner.get(hotkey);
  if (owner !== signer)
    reject('NonAssociatedColdKey', `only the owner coldkey of ${hotkey} may set its take`);
  if (take > MAX_TAKE) reject('InvalidTake', `take ${take} exceeds the maximum ${MAX_TAKE} (≈18%)`);
  ledger.setTake(hotkey, take);
  emit({ type: 'TakeSet', hotkey, take });
}
