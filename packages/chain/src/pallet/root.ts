import { maxUpscaleToU16 } from '@subnetkit/consensus';
import type { CallOf } from '../calls';
import { reject } from '../errors';
import { totalStakeOf } from '../state';
import type { CallContext } from './context';
import { claimHotkey } from './registration';

/**
 * The root network as Bittensor ran it before dynamic TAO: the largest stakers join it and set
 * weights over subnets, which decide how the block emission is shared (see coinbase/shares.ts).
 */
export function rootRegister(
  { ledger, signer, emit }: CallContext,
  { hotkey }: CallOf<'root_register'>,
): void {
  const { root } = ledger.state;
  if (root.members.includes(hotkey)) reject('AlreadyRegistered', `hotkey ${hotkey} is already a root member`);
  claimHotkey(ledger, hotkey, signer, 'check');
  let replaced: string | null = null;
  if (root.members.length >= root.maxMembers) {
    const stakeOf = (h: string) => totalStakeOf(ledger.state, h);
    const weakest = [...root.members].sort((a, b) =>
      stakeOf(a) < stakeOf(b) ? -1 : stakeOf(a) > stakeOf(b) ? 1 : 0,
    )[0]!;
    if (stakeOf(hotkey) <= stakeOf(weakest)) {
      reject(
        'RootMembershipFull',
        `the root network is full and ${hotkey} has no more stake than its smallest member`,
      );
    }
    replaced = weakest;
    root.members = root.members.filter((m) => m !== weakest);
    root.weights.delete(weakest);
  }
  claimHotkey(ledger, hotkey, signer, 'claim');
  root.members.push(hotkey);
  ledger.touchRoot();
  emit({ type: 'RootRegistered', hotkey, replaced });
}

export function setRootWeights(
  { ledger, signer, emit }: CallContext,
  { netuids, weights }: CallOf<'set_root_weights'>,
): void {
  const { root, subnets } = ledger.state;
  if (!root.members.includes(signer))
    reject('NotRootMember', `hotkey ${signer} is not a root member; root_register it first`);
  if (netuids.length !== weights.length)
    reject('InvalidRootWeights', `${netuids.length} netuids but ${weights.length} weights`);
  if (new Set(netuids).size !== netuids.length) reject('InvalidRootWeights', 'a netuid appears twice');
  const unknown = netuids.find((n) => !subnets.has(n));
  if (unknown !== undefined) reject('SubnetNotExists', `subnet ${unknown} does not exist`);
  const stored = maxUpscaleToU16(weights);
  root.weights.set(
    signer,
    netuids.map((n, k): [number, number] => [n, stored[k]!]).sort((a, b) => a[0] - b[0]),
  );
  ledger.touchRoot();
  emit({ type: 'RootWeightsSet', hotkey: signer, count: netuids.length });
}
