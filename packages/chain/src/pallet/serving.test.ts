import { beforeEach, describe, expect, it } from 'vitest';
import { TestChain } from '../testing';

let chain: TestChain;
const hotA = () => TestChain.key('Alice/hot');
const serve = (over: Partial<{ ip: string; port: number; ip_type: number }> = {}) => ({
  call: 'serve_axon' as const,
  netuid: 1,
  version: 1,
  ip: '127.0.0.1',
  port: 8091,
  ip_type: 4,
  protocol: 4,
  ...over,
});

beforeEach(async () => {
  chain = await TestChain.create();
  chain.submit(TestChain.key('Alice'), { call: 'register_network', hotkey: hotA().ss58Address });
});

describe('serve_axon', () => {
  it('stores where the hotkey serves', () => {
    chain.submit(hotA(), serve({ ip: '::1', ip_type: 6, port: 9000 }));
    expect(chain.state.subnets.get(1)!.neurons[0]!.axon).toEqual({
      block: chain.state.block,
      version: 1,
      ip: '::1',
      port: 9000,
      ipType: 6,
      protocol: 4,
    });
  });

  it.each([
    ['InvalidIpType', { ip_type: 5 }],
    ['InvalidIpAddress', { ip: '300.1.1.1' }],
    ['InvalidIpAddress', { ip: '::1', ip_type: 4 }],
    ['InvalidPort', { port: 0 }],
  ])('rejects %s and changes nothing but the nonce', (code, over) => {
    expect(chain.rejectionOf(hotA(), serve(over))).toBe(code);
  });

  it('rejects an unregistered hotkey and serving too often', () => {
    expect(chain.failure(chain.submit(TestChain.key('Bob/hot'), serve()))).toBe('NotRegistered');
    chain.submit(hotA(), serve());
    expect(chain.failure(chain.submit(hotA(), serve({ port: 8092 })))).toBe('ServingRateLimitExceeded');
  });
});
