import { describe, expect, it } from 'vitest';
import type { Block } from '../block';
import { inclusionsOf } from './inclusions';

const header = { number: 7, parentHash: '0xp', extrinsicsRoot: '0xr', timestamp: 1 };

describe('inclusionsOf', () => {
  it('gives each extrinsic the events up to its own success or failure, without the block’s own', () => {
    const block: Block = {
      hash: '0xb',
      header,
      extrinsics: [],
      events: [
        { type: 'Coinbase', minted: 1n, blockEmission: 1n },
        {
          type: 'EpochRun',
          netuid: 1,
          emission: 1n,
          incentivePaid: 0n,
          dividendsPaid: 0n,
          ownerPaid: 0n,
          recycled: 0n,
        },
        { type: 'Transfer', from: 'a', to: 'b', amount: 5n },
        { type: 'ExtrinsicSuccess', hash: '0x1', signer: 'a', call: 'transfer' },
        {
          type: 'ExtrinsicFailed',
          hash: '0x2',
          signer: 'a',
          call: 'transfer',
          error: 'ZeroAmount',
          message: 'ZeroAmount: transfer of 0 rao',
        },
      ],
    };
    expect(inclusionsOf(block)).toEqual([
      {
        hash: '0x1',
        blockNumber: 7,
        blockHash: '0xb',
        ok: true,
        events: [block.events[2], block.events[3]],
      },
      {
        hash: '0x2',
        blockNumber: 7,
        blockHash: '0xb',
        ok: false,
        error: { code: 'ZeroAmount', message: 'ZeroAmount: transfer of 0 rao' },
        events: [block.events[4]],
      },
    ]);
  });
});
