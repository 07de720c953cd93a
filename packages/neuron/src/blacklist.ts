/**
 * Who a miner serves, and in which order (reference/bittensor-sdk.md §7.1): registered callers
 * only (optionally validators only), higher stake first. Never throws — the classic template
 * looked the hotkey up before checking membership, so an unknown caller crashed the hook (500
 * instead of 403; afterpartyai/bittensor-conversation-genome-project#13).
 */
import type { BlacklistDecision } from '@subnetkit/protocol';
import type { Metagraph } from './metagraph';

export interface BlacklistPolicy {
  /** Serve only callers holding a validator permit (`--blacklist.force_validator_permit`). */
  readonly forceValidatorPermit?: boolean;
  /** Serve callers that are not registered on the subnet (`--blacklist.allow_non_registered`). */
  readonly allowNonRegistered?: boolean;
}

export function blacklistDecision(
  metagraph: Metagraph | undefined,
  hotkey: string | undefined,
  policy: BlacklistPolicy = {},
): BlacklistDecision {
  if (!hotkey) return { blacklisted: true, reason: 'Missing dendrite or hotkey' };
  if (!metagraph) return { blacklisted: true, reason: 'Metagraph not synced yet' };
  const uid = metagraph.uidOf(hotkey);
  if (uid === undefined) {
    return policy.allowNonRegistered
      ? { blacklisted: false, reason: 'Non-registered hotkey allowed' }
      : { blacklisted: true, reason: 'Unrecognized hotkey' };
  }
  if (policy.forceValidatorPermit && !metagraph.validator_permit[uid]) {
    return { blacklisted: true, reason: 'Non-validator hotkey' };
  }
  return { blacklisted: false, reason: 'Hotkey recognized!' };
}

/** The caller's stake in TAO (`metagraph.S[uid]`), 0 for an unknown caller. */
export function stakePriority(metagraph: Metagraph | undefined, hotkey: string | undefined): number {
  if (!metagraph || !hotkey) return 0;
  const uid = metagraph.uidOf(hotkey);
  return uid === undefined ? 0 : (metagraph.stake[uid] ?? 0);
}
