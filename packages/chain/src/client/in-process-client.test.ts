import { ChainNode } from '../node/chain-node';
import { chainClientContract } from './contract';
import { InProcessChainClient } from './in-process-client';

chainClientContract('InProcessChainClient', async () => {
  const node = await ChainNode.open({ sealing: 'manual' });
  const client = new InProcessChainClient(node);
  return {
    node,
    client,
    async teardown() {
      await client.close();
      await node.stop();
    },
  };
});
