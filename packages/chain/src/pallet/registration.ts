import type { CallOf } from '../calls';
import { reject } from '../errors';
import type { Ledger } from '../ledger';
import { type AccountId, emptyNeuronOutputs, type Neuron, type Subnet } from '../state';
import type { CallContext } from './context';

/**
 * A hotkey belongs to the first coldkey that uses it. 'check' only verifies; 'claim' records the
 * owner, so callers can check everything before writing anything.
 */
export function claimHotkey(
  ledger: Ledger,
  hotkey: AccountId,
  coldkey: AccountId,
  mode: 'check' | 'claim',
): void {
  const owner = ledger.state.hotkeyOwner.get(hotkey);
  if (owner !== undefined && owner !== coldkey) {
    reject('NonAssociatedColdKey', `hotkey ${hotkey} belongs to coldkey ${owner}, not ${coldkey}`);
  }
  if (mode === 'claim' && owner === undefined) ledger.setHotkeyOwner(hotkey, coldkey);
}

function freshNeuron(uid: number, hotkey: AccountId, coldkey: AccountId, block: number): Neuron {
  return {
    uid,
    hotkey,
    coldkey,
    registeredAt: block,
    lastUpdate: block,
    weights: [],
    bonds: [],
    axon: null,
    ...emptyNeuronOutputs(),
  };
}

export function appendNeuron(ledger: Ledger, subnet: Subnet, hotkey: AccountId, coldkey: AccountId): Neuron {
  const neuron = freshNeuron(subnet.neurons.length, hotkey, coldkey, ledger.block);
  subnet.neurons.push(neuron);
  ledger.touchNeuron(subnet, neuron.uid);
  return neuron;
}

/**
 * `get_neuron_to_prune`: the lowest-emission uid that is out of its immunity period (ties: the
 * earliest registered, then the lowest uid); if every uid is immune, the lowest-emission immune one.
 * The owner's hotkey is never pruned.
 */
export function neuronToPrune(subnet: Subnet, block: number): Neuron | undefined {
  const candidates = subnet.neurons.filter((n) => n.hotkey !== subnet.ownerHotkey);
  const byScore = (a: Neuron, b: Neuron) =>
    a.emission < b.emission
      ? -1
      : a.emission > b.emission
        ? 1
        : a.registeredAt - b.registeredAt || a.uid - b.uid;
  const immune = (n: Neuron) => block - n.registeredAt < subnet.hyper.immunity_period;
  const mortal = candidates.filter((n) => !immune(n)).sort(byScore);
  return mortal[0] ?? candidates.sort(byScore)[0];
}

/**
 * `replace_neuron`: the new hotkey takes the uid with a clean slate; every other row's weight to
 * this uid is set to zero (their bonds to it are masked by the new registration block instead).
 */
function replaceNeuron(
  ledger: Ledger,
  subnet: Subnet,
  uid: number,
  hotkey: AccountId,
  coldkey: AccountId,
): Neuron {
  const neuron = freshNeuron(uid, hotkey, coldkey, ledger.block);
  subnet.neurons[uid] = neuron;
  ledger.touchNeuron(subnet, uid);
  for (const other of subnet.neurons) {
    if (other.uid === uid || !other.weights.some(([j]) => j === uid)) continue;
    other.weights = other.weights.map(([j, w]) => [j, j === uid ? 0 : w]);
    ledger.touchNeuron(subnet, other.uid);
  }
  return neuron;
}

export function burnedRegister(
  { ledger, signer, emit }: CallContext,
  { netuid, hotkey }: CallOf<'burned_register'>,
): void {
  const subnet = ledger.subnet(netuid);
  const { hyper } = subnet;
  if (!hyper.registration_allowed)
    reject('RegistrationDisabled', `registration on subnet ${netuid} is closed by its owner`);
  if (subnet.registrationsThisBlock >= hyper.max_registrations_per_block) {
    reject(
      'TooManyRegistrationsThisBlock',
      `subnet ${netuid} takes ${hyper.max_registrations_per_block} registration(s) per block; retry next block`,
    );
  }
  if (ledger.neuronOf(subnet, hotkey))
    reject('AlreadyRegistered', `hotkey ${hotkey} is already registered on subnet ${netuid}`);
  claimHotkey(ledger, hotkey, signer, 'check');
  const burn = subnet.burn;
  ledger.requireFree(signer, burn, `registration on subnet ${netuid} (burn ${burn} rao)`);
  const full = subnet.neurons.length >= hyper.max_allowed_uids;
  const pruned = full ? neuronToPrune(subnet, ledger.block) : undefined;
  if (full && !pruned)
    reject('NoNeuronIdAvailable', `subnet ${netuid} is full and has no uid that can be pruned`);

  ledger.debit(signer, burn, 'registration burn');
  ledger.recycle(burn);
  claimHotkey(ledger, hotkey, signer, 'claim');
  const neuron = pruned
    ? replaceNeuron(ledger, subnet, pruned.uid, hotkey, signer)
    : appendNeuron(ledger, subnet, hotkey, signer);
  subnet.registrationsThisBlock += 1;
  subnet.registrationsThisInterval += 1;
  ledger.touchSubnet(subnet);
  emit({ type: 'NeuronRegistered', netuid, uid: neuron.uid, hotkey, burn, replaced: pruned?.hotkey ?? null });
}

/**
 * Burn adjustment every `adjustment_interval` blocks, toward `target_registrations_per_interval`:
 * burn · (registrations + target) / (2 · target), clamped to [min_burn, max_burn].
 */
export function adjustBurn(subnet: Subnet, block: number): bigint | null {
  const { adjustment_interval, target_registrations_per_interval: target, min_burn, max_burn } = subnet.hyper;
  if (block - subnet.lastAdjustmentBlock < adjustment_interval) return null;
  const next = (subnet.burn * BigInt(subnet.registrationsThisInterval + target)) / BigInt(2 * target);
  subnet.burn = next < min_burn ? min_burn : next > max_burn ? max_burn : next;
  subnet.registrationsThisInterval = 0;
  subnet.lastAdjustmentBlock = block;
  return subnet.burn;
}
