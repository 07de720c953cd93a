import { type EpochMode, type EpochOutputs, type EpochSnapshot, runEpoch } from '@subnetkit/consensus';
import type { EventSink } from '../events';
import type { Ledger } from '../ledger';
import { type AccountId, DEFAULT_TAKE, type Subnet, totalStakeOf } from '../state';

/** Blocks since the subnet's last epoch (or its registration) reached its tempo. */
export function epochDue(subnet: Subnet, block: number): boolean {
  const since = block - (subnet.lastEpochBlock || subnet.registeredAt);
  return subnet.hyper.tempo > 0 && since >= subnet.hyper.tempo;
}

/** The epoch's input, read from storage exactly as Subtensor's `epoch_mechanism` reads it. */
export function epochSnapshot(ledger: Ledger, subnet: Subnet): EpochSnapshot {
  const { neurons, hyper } = subnet;
  const ownerUid = neurons.find((n) => n.hotkey === subnet.ownerHotkey)?.uid ?? null;
  return {
    n: neurons.length,
    current_block: ledger.block,
    tempo: hyper.tempo,
    last_mechanism_step_block: subnet.lastEpochBlock,
    activity_cutoff: hyper.activity_cutoff,
    last_update: neurons.map((n) => n.lastUpdate),
    block_at_registration: neurons.map((n) => n.registeredAt),
    stake_alpha: neurons.map((n) => totalStakeOf(ledger.state, n.hotkey)),
    stake_threshold: ledger.state.stakeThreshold,
    owner_uid: ownerUid,
    validator_permit: neurons.map((n) => n.validatorPermit),
    max_allowed_validators: hyper.max_allowed_validators,
    weights: neurons.map((n) => n.weights),
    bonds: neurons.map((n) => n.bonds),
    hyper: {
      kappa: hyper.kappa,
      bonds_penalty: hyper.bonds_penalty,
      bonds_moving_average: hyper.bonds_moving_average,
      yuma3: hyper.yuma3,
      liquid_alpha: hyper.liquid_alpha,
      alpha_low: hyper.alpha_low,
      alpha_high: hyper.alpha_high,
      alpha_sigmoid_steepness: hyper.alpha_sigmoid_steepness,
    },
    rao_emission: subnet.pending.server + subnet.pending.validator,
  };
}

/**
 * Pays a validator's dividends: the hotkey owner keeps the take, the rest is shared by the
 * hotkey's stakers (nominators and owner) in proportion to their stake; rounding dust goes to
 * the owner. Everything is added as stake on the hotkey.
 */
function payDividends(ledger: Ledger, hotkey: AccountId, owner: AccountId, amount: bigint): void {
  if (amount === 0n) return;
  const take = (amount * BigInt(ledger.state.takes.get(hotkey) ?? DEFAULT_TAKE)) / 65535n;
  const stakers = [...(ledger.state.stake.get(hotkey) ?? new Map<AccountId, bigint>()).entries()];
  const total = stakers.reduce((acc, [, s]) => acc + s, 0n);
  const rest = amount - take;
  let shared = 0n;
  if (total > 0n) {
    for (const [coldkey, s] of stakers) {
      const share = (rest * s) / total;
      ledger.addStake(hotkey, coldkey, share);
      shared += share;
    }
  }
  ledger.addStake(hotkey, owner, amount - shared);
}

/**
 * Runs the subnet's Yuma epoch on its stored state and settles it (reference/yuma.md §c.6):
 * miners' incentive and validators' dividends from the pending server + validator emission,
 * the owner cut to the owner coldkey; the outputs, permits and bonds go back to storage.
 * Rounding dust stays pending for the next epoch, so no rao is lost.
 */
export function runSubnetEpoch(
  ledger: Ledger,
  subnet: Subnet,
  emit: EventSink,
  mode: EpochMode = 'exact',
): EpochOutputs {
  const snapshot = epochSnapshot(ledger, subnet);
  const out = runEpoch(snapshot, mode);
  let incentivePaid = 0n;
  let dividendsPaid = 0n;
  let recycled = 0n;
  subnet.neurons.forEach((neuron, uid) => {
    const owner = ledger.state.hotkeyOwner.get(neuron.hotkey) ?? neuron.coldkey;
    const incentive = out.server_emission[uid] ?? 0n;
    if (neuron.hotkey === subnet.ownerHotkey) {
      // The chain burns the owner's own miner incentive, so an owner cannot mine its own subnet.
      ledger.recycle(incentive);
      recycled += incentive;
    } else {
      ledger.addStake(neuron.hotkey, owner, incentive);
    }
    incentivePaid += incentive;
    const dividends = out.validator_emission[uid] ?? 0n;
    payDividends(ledger, neuron.hotkey, owner, dividends);
    dividendsPaid += dividends;

    neuron.validatorPermit = out.new_validator_permit[uid]!;
    neuron.active = out.active[uid]!;
    neuron.stakeWeight = out.u16.stake_weight[uid]!;
    neuron.consensus = out.u16.consensus[uid]!;
    neuron.incentive = out.u16.incentive[uid]!;
    neuron.dividends = out.u16.dividends[uid]!;
    neuron.validatorTrust = out.u16.validator_trust[uid]!;
    neuron.emission = out.combined_emission[uid]!;
    neuron.bonds = out.new_bonds[uid]!;
    ledger.touchNeuron(subnet, uid);
  });
  const ownerPaid = subnet.pending.owner;
  ledger.credit(subnet.ownerColdkey, ownerPaid);
  const leftover = snapshot.rao_emission - incentivePaid - dividendsPaid;
  subnet.pending = { server: 0n, validator: leftover, owner: 0n };
  subnet.lastEpochBlock = ledger.block;
  ledger.touchSubnet(subnet);
  emit({
    type: 'EpochRun',
    netuid: subnet.netuid,
    emission: snapshot.rao_emission,
    incentivePaid: incentivePaid - recycled,
    dividendsPaid,
    ownerPaid,
    recycled,
  });
  return out;
}
