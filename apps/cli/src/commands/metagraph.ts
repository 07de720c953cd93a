import type { ChainClient } from '@subnetkit/chain';
import { RpcChainClient, RpcClientError, toWire } from '@subnetkit/chain/rpc';
import { defineOptions, formatHelp, netuidOption, parseConfig, subtensorOptions } from '@subnetkit/core';
import { CliError, type CliIo, EXIT } from '../io';
import { formatMetagraph, toMetagraphJson } from '../metagraph';

export const metagraphOptions = defineOptions([
  netuidOption,
  ...subtensorOptions,
  {
    name: 'json',
    type: 'boolean',
    help: 'Print JSON with the Bittensor SDK field names instead of a table.',
  },
  {
    name: 'lite',
    type: 'boolean',
    default: true,
    help: 'Leave out weights and bonds (--no-lite adds them as n×n matrices to the JSON).',
  },
]);

export const METAGRAPH_USAGE =
  'subnetkit metagraph --netuid N [--subtensor.chain_endpoint ws://127.0.0.1:9944] [--json]';

/** Networks a bare `--subtensor.network` can name; any other chain takes an explicit endpoint. */
const NETWORKS: Record<string, string> = { local: 'ws://127.0.0.1:9944' };

/** `--subtensor.chain_endpoint` when given, else the named network's endpoint (Bittensor's precedence). */
export function endpointOf(parsed: {
  config: { subtensor: { network: string; chain_endpoint: string } };
  isSet(name: 'subtensor.chain_endpoint'): boolean;
}): string {
  const { network, chain_endpoint } = parsed.config.subtensor;
  if (parsed.isSet('subtensor.chain_endpoint')) return chain_endpoint;
  const known = NETWORKS[network];
  if (!known) {
    throw new CliError(
      `unknown network "${network}": subnetkit knows ${Object.keys(NETWORKS).join(', ')}; pass --subtensor.chain_endpoint ws://HOST:PORT for any other chain`,
      EXIT.usage,
    );
  }
  return known;
}

/** Connects to a chain node, turning "nothing listens there" into one line saying what to do. */
export async function connectChain(endpoint: string): Promise<ChainClient> {
  try {
    return await RpcChainClient.connect(endpoint, { callTimeoutMs: 15_000 });
  } catch (err) {
    if (err instanceof RpcClientError && err.code === 'ConnectionFailed') {
      throw new CliError(
        `cannot reach a chain node at ${endpoint}; start one with \`subnetkit-node --dev\` or pass --subtensor.chain_endpoint`,
      );
    }
    throw err;
  }
}

export async function metagraphCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseConfig(metagraphOptions, { argv });
  if (parsed.help) {
    io.stdout(formatHelp(metagraphOptions, METAGRAPH_USAGE));
    return EXIT.ok;
  }
  const { netuid, json, lite } = parsed.config;
  const endpoint = endpointOf(parsed);
  const client = await connectChain(endpoint);
  try {
    const [subnet, neurons, head] = await Promise.all([
      client.subnet(netuid),
      client.neurons(netuid, { lite }),
      client.head(),
    ]);
    if (!subnet || !neurons) {
      const existing = (await client.subnets()).map((s) => s.netuid);
      throw new CliError(
        `subnet ${netuid} does not exist on ${endpoint}; ` +
          (existing.length > 0 ? `existing netuids: ${existing.join(', ')}` : 'no subnet is registered yet'),
      );
    }
    // Rao hyperparameters (min_burn, max_burn) print as decimal strings, as on the RPC wire.
    if (json)
      io.stdout(`${JSON.stringify(toWire(toMetagraphJson(subnet, neurons, head.number)), null, 2)}\n`);
    else io.stdout(formatMetagraph(subnet, neurons, head.number));
    return EXIT.ok;
  } finally {
    await client.close();
  }
}
