import { RAO_PER_TAO } from '@subnetkit/core';
import type { CallOf } from '../calls';
import { reject } from '../errors';
import { DEFAULT_HYPERPARAMETERS, withHyperparameter } from '../hyperparameters';
import type { Ledger } from '../ledger';
import type { AccountId, Subnet } from '../state';
import type { CallContext } from './context';
import { appendNeuron, claimHotkey } from './registration';

export const ROOT_NETUID = 0;
/** Subtensor's initial `Burn` for a new subnet: 1 TAO. */
export const INITIAL_BURN = RAO_PER_TAO;

/**
 * `get_network_lock_cost`: the last cost doubled, decayed linearly over `lockReductionInterval`
 * blocks since the last registration, never below the minimum.
 */
export function networkLockCost(ledger: Ledger): bigint {
  const { lastLockCost, lastLockBlock, minLockCost, lockReductionInterval } = ledger.state.network;
  const multiplier = lastLockBlock === 0 ? 1n : 2n;
  const decay = (lastLockCost / BigInt(lockReductionInterval)) * BigInt(ledger.block - lastLockBlock);
  const cost = lastLockCost * multiplier - decay;
  return cost < minLockCost ? minLockCost : cost;
}

function chooseNetuid(ledger: Ledger, requested: number | undefined): number {
  const { subnets, network } = ledger.state;
  if (requested !== undefined) {
    if (!network.allowChosenNetuid) {
      reject('ChosenNetuidNotAllowed', 'choosing a netuid is only allowed on a dev chain; omit netuid');
    }
    if (requested === ROOT_NETUID || subnets.has(requested)) {
      reject('NetuidTaken', `netuid ${requested} is taken; choose another or omit netuid`);
    }
    return requested;
  }
  let netuid = 1;
  while (subnets.has(netuid)) netuid++;
  return netuid;
}

export function registerNetwork(
  { ledger, signer, emit }: CallContext,
  call: CallOf<'register_network'>,
): void {
  const { state } = ledger;
  if (state.subnets.size >= state.network.maxSubnets) {
    reject('SubnetLimitReached', `the chain allows ${state.network.maxSubnets} subnets`);
  }
  const netuid = chooseNetuid(ledger, call.netuid);
  claimHotkey(ledger, call.hotkey, signer, 'check');
  const lockCost = networkLockCost(ledger);
  ledger.debit(signer, lockCost, `registering a subnet (lock cost ${lockCost} rao)`);
  // The lock leaves circulation, as in dynamic TAO where it seeds the subnet's pool.
  ledger.recycle(lockCost);
  claimHotkey(ledger, call.hotkey, signer, 'claim');
  state.network = { ...state.network, lastLockCost: lockCost, lastLockBlock: ledger.block };
  ledger.touchGlobal();
  const subnet: Subnet = {
    netuid,
    ownerColdkey: signer,
    ownerHotkey: call.hotkey,
    registeredAt: ledger.block,
    hyper: { ...DEFAULT_HYPERPARAMETERS },
    neurons: [],
    burn: INITIAL_BURN,
    registrationsThisBlock: 0,
    registrationsThisInterval: 0,
    lastAdjustmentBlock: ledger.block,
    pending: { server: 0n, validator: 0n, owner: 0n },
    lastEpochBlock: 0,
  };
  state.subnets.set(netuid, subnet);
  ledger.touchSubnet(subnet);
  // As Subtensor does since dynamic TAO: the owner hotkey takes uid 0.
  appendNeuron(ledger, subnet, call.hotkey, signer);
  emit({ type: 'NetworkRegistered', netuid, owner: signer, hotkey: call.hotkey, lockCost });
}

export function requireOwner(ledger: Ledger, netuid: number, signer: AccountId): Subnet {
  const subnet = ledger.subnet(netuid);
  if (subnet.ownerColdkey !== signer) {
    reject('NotSubnetOwner', `only the owner coldkey ${subnet.ownerColdkey} of subnet ${netuid} may do this`);
  }
  return subnet;
}

export function setHyperparameter(
  { ledger, signer, emit }: CallContext,
  { netuid, name, value }: CallOf<'set_hyperparameter'>,
): void {
  const subnet = requireOwner(ledger, netuid, signer);
  subnet.hyper = withHyperparameter(subnet.hyper, name, value);
  ledger.touchSubnet(subnet);
  emit({ type: 'HyperparameterSet', netuid, name, value });
}
