import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerHash, supplyReport } from './block';
import type { Call } from './calls';
import { TestChain } from './testing';

const TAO = 1_000_000_000n;
const NAMES = ['Alice', 'Bob', 'Charlie', 'Dave'];

describe('blocks', () => {
  it('chain each header to its parent and hash the header', async () => {
    const chain = await TestChain.create();
    chain.block();
    chain.block();
    const [b1, b2] = chain.blocks;
    expect(b1!.header.parentHash).toBe(chain.state.genesisHash);
    expect(b2!.header.parentHash).toBe(b1!.hash);
    expect(headerHash(b2!.header)).toBe(b2!.hash);
    expect(chain.state.headHash).toBe(b2!.hash);
  });

  it('mint 1 TAO per block only once a subnet exists to receive it', async () => {
    const chain = await TestChain.create();
    const issued = chain.state.totalIssuance;
    chain.block();
    expect(chain.state.totalIssuance).toBe(issued);
    chain.submit(TestChain.key('Alice'), {
      call: 'register_network',
      hotkey: TestChain.key('Alice/hot').ss58Address,
    });
    const after = chain.state.totalIssuance;
    chain.block();
    // 1e9 rao split 179 995 422 / 410 002 288 / 410 002 288: 2 rao of rounding are never minted.
    expect(chain.state.totalIssuance - after).toBe(999_999_998n);
  });
});

/** Random calls from a few keys: whatever happens, no crash and the supply reconciles to the rao. */
const callArb = fc.oneof(
  fc.record({
    kind: fc.constant('transfer'),
    from: fc.nat(3),
    to: fc.nat(3),
    tao: fc.integer({ min: 0, max: 50 }),
  }),
  fc.record({
    kind: fc.constant('register'),
    from: fc.nat(3),
    hot: fc.nat(7),
    netuid: fc.integer({ min: 1, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('stake'),
    from: fc.nat(3),
    hot: fc.nat(7),
    tao: fc.integer({ min: 0, max: 500 }),
  }),
  fc.record({
    kind: fc.constant('unstake'),
    from: fc.nat(3),
    hot: fc.nat(7),
    tao: fc.integer({ min: 0, max: 100 }),
  }),
  fc.record({
    kind: fc.constant('weights'),
    hot: fc.nat(7),
    netuid: fc.integer({ min: 1, max: 2 }),
    w: fc.array(fc.nat(65535), { minLength: 1, maxLength: 6 }),
  }),
  fc.record({ kind: fc.constant('network'), from: fc.nat(3), hot: fc.nat(7) }),
);

type CallSpec = typeof callArb extends fc.Arbitrary<infer T> ? T : never;

function toCall(c: CallSpec): [string, Call] {
  const hotkey = (i: number) => TestChain.key(`h${i}`).ss58Address;
  switch (c.kind) {
    case 'transfer':
      return [
        NAMES[c.from]!,
        { call: 'transfer', dest: TestChain.key(NAMES[c.to]!).ss58Address, amount: BigInt(c.tao) * TAO },
      ];
    case 'register':
      return [NAMES[c.from]!, { call: 'burned_register', netuid: c.netuid, hotkey: hotkey(c.hot) }];
    case 'stake':
      return [NAMES[c.from]!, { call: 'add_stake', hotkey: hotkey(c.hot), amount: BigInt(c.tao) * TAO }];
    case 'unstake':
      return [NAMES[c.from]!, { call: 'remove_stake', hotkey: hotkey(c.hot), amount: BigInt(c.tao) * TAO }];
    case 'weights':
      return [
        `h${c.hot}`,
        { call: 'set_weights', netuid: c.netuid, uids: c.w.map((_, i) => i), weights: c.w, version_key: 0 },
      ];
    case 'network':
      return [NAMES[c.from]!, { call: 'register_network', hotkey: hotkey(c.hot) }];
  }
}

describe('random extrinsics', () => {
  it('never crash the chain and always reconcile the supply', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(callArb, { maxLength: 4 }), { minLength: 10, maxLength: 40 }),
        async (blocks) => {
          const chain = await TestChain.create();
          chain.submit(TestChain.key('Alice'), {
            call: 'register_network',
            hotkey: TestChain.key('h0').ss58Address,
          });
          chain.submit(TestChain.key('Alice'), {
            call: 'set_hyperparameter',
            netuid: 1,
            name: 'tempo',
            value: 3,
          });
          chain.submit(TestChain.key('Alice'), {
            call: 'set_hyperparameter',
            netuid: 1,
            name: 'weights_rate_limit',
            value: 0,
          });
          for (const calls of blocks) {
            for (const c of calls) {
              const [signer, call] = toCall(c);
              chain.queue(TestChain.key(signer), call);
            }
            chain.block(); // throws if the supply does not reconcile
          }
          expect(supplyReport(chain.state).balanced).toBe(true);
        },
      ),
      { seed: 42, numRuns: 20 },
    );
  }, 120_000);
});
