import type { Block } from '../block';
import type { Head, Inclusion } from '../client/chain-client';
import type { ChainEvent } from '../events';

/** Events of the block's own initialization (coinbase, burns, epochs), which come before any extrinsic's. */
const BLOCK_EVENTS = new Set<ChainEvent['type']>(['Coinbase', 'BurnAdjusted', 'EpochRun']);

export function headOf(block: Pick<Block, 'header' | 'hash'>): Head {
  return { ...block.header, hash: block.hash };
}

/**
 * Each included extrinsic's outcome, in block order. An extrinsic's events end with its own
 * ExtrinsicSuccess or ExtrinsicFailed, which closes its share of the block's events.
 */
export function inclusionsOf(block: Block): Inclusion[] {
  const out: Inclusion[] = [];
  let events: ChainEvent[] = [];
  for (const event of block.events) {
    if (BLOCK_EVENTS.has(event.type)) continue;
    events.push(event);
    if (event.type !== 'ExtrinsicSuccess' && event.type !== 'ExtrinsicFailed') continue;
    out.push({
      hash: event.hash,
      blockNumber: block.header.number,
      blockHash: block.hash,
      ok: event.type === 'ExtrinsicSuccess',
      ...(event.type === 'ExtrinsicFailed' ? { error: { code: event.error, message: event.message } } : {}),
      events,
    });
    events = [];
  }
  return out;
}
