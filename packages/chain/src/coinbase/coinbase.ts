import {
  blockEmissionForIssuance,
  type EpochMode,
  splitBlockEmission,
  TOTAL_SUPPLY,
} from '@subnetkit/consensus';
import type { EventSink } from '../events';
import type { Ledger } from '../ledger';
import { adjustBurn } from '../pallet/registration';
import { epochDue, runSubnetEpoch } from './epoch';
import type { SubnetEmissionPolicy } from './shares';

/**
 * Subtensor's `TotalIssuance`: what was minted less what was recycled. Halvings and the 21M cap
 * apply to it (reference/yuma.md §c), so recycling postpones them as on the real chain.
 */
export function circulatingIssuance(ledger: Ledger): bigint {
  return ledger.state.totalIssuance - ledger.state.recycled;
}

/**
 * One block's coinbase: mint the reward for the current issuance, share it between subnets by the
 * policy, split each share 18/41/41 into the pending accumulators, adjust burns, and run the epoch
 * of every subnet whose tempo has come. Only what reaches an accumulator is minted, to the rao.
 */
export function runCoinbase(
  ledger: Ledger,
  policy: SubnetEmissionPolicy,
  emit: EventSink,
  mode: EpochMode,
): void {
  const issuance = circulatingIssuance(ledger);
  const room = TOTAL_SUPPLY > issuance ? TOTAL_SUPPLY - issuance : 0n;
  const reward = blockEmissionForIssuance(issuance < 0n ? 0n : issuance);
  const blockEmission = reward < room ? reward : room;
  let minted = 0n;
  for (const [netuid, amount] of policy.split(ledger.state, blockEmission)) {
    const subnet = ledger.subnet(netuid);
    const split = splitBlockEmission(amount);
    subnet.pending = {
      server: subnet.pending.server + split.server,
      validator: subnet.pending.validator + split.validator + split.rootAlpha,
      owner: subnet.pending.owner + split.ownerCut,
    };
    minted += split.server + split.validator + split.rootAlpha + split.ownerCut;
    ledger.touchSubnet(subnet);
  }
  if (minted > 0n) ledger.mint(minted);
  emit({ type: 'Coinbase', minted, blockEmission });

  for (const subnet of [...ledger.state.subnets.values()].sort((a, b) => a.netuid - b.netuid)) {
    const burn = adjustBurn(subnet, ledger.block);
    if (burn !== null) {
      ledger.touchSubnet(subnet);
      emit({ type: 'BurnAdjusted', netuid: subnet.netuid, burn });
    }
    if (epochDue(subnet, ledger.block)) runSubnetEpoch(ledger, subnet, emit, mode);
  }
}
