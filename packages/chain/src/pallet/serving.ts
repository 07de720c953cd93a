import { isIP } from 'node:net';
import type { CallOf } from '../calls';
import { reject } from '../errors';
import type { CallContext } from './context';

/** `serve_axon`: where a hotkey's axon listens on a subnet; rate-limited per neuron. */
export function serveAxon({ ledger, signer, emit }: CallContext, call: CallOf<'serve_axon'>): void {
  const subnet = ledger.subnet(call.netuid);
  const neuron = ledger.requireNeuron(subnet, signer);
  if (call.ip_type !== 4 && call.ip_type !== 6)
    reject('InvalidIpType', `ip_type must be 4 or 6, got ${call.ip_type}`);
  if (isIP(call.ip) !== call.ip_type)
    reject('InvalidIpAddress', `"${call.ip}" is not an IPv${call.ip_type} address`);
  if (call.port === 0) reject('InvalidPort', 'port 0 cannot be served; give the port the axon listens on');
  const last = neuron.axon?.block;
  if (last !== undefined && ledger.block - last < subnet.hyper.serving_rate_limit) {
    reject(
      'ServingRateLimitExceeded',
      `axon info was updated ${ledger.block - last} blocks ago; subnet ${call.netuid} allows once every ${subnet.hyper.serving_rate_limit}`,
    );
  }
  neuron.axon = {
    block: ledger.block,
    version: call.version,
    ip: call.ip,
    port: call.port,
    ipType: call.ip_type,
    protocol: call.protocol,
  };
  ledger.touchNeuron(subnet, neuron.uid);
  emit({ type: 'AxonServed', netuid: call.netuid, hotkey: signer, ip: call.ip, port: call.port });
}
