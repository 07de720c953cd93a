import { maxUpscaleToU16 } from '@subnetkit/consensus';
import type { CallOf } from '../calls';
import { reject } from '../errors';
import { totalStakeOf } from '../state';
import type { CallContext } from './context';

/**
 * `do_set_weights` (subnets/weights.rs), checks in the chain's order; the row is stored
 * max-upscaled to u16 (reference/yuma.md §f.2) and `last_update` moves to this block.
 */
export function setWeights({ ledger, signer, emit }: CallContext, call: CallOf<'set_weights'>): void {
  const { netuid, uids, weights, version_key } = call;
  if (uids.length !== weights.length) {
    reject(
      'WeightVecNotEqualSize',
      `${uids.length} uids but ${weights.length} weights; give one weight per uid`,
    );
  }
  const subnet = ledger.subnet(netuid);
  const neuron = ledger.requireNeuron(subnet, signer);
  const { hyper } = subnet;
  const stake = totalStakeOf(ledger.state, signer);
  if (stake < ledger.state.stakeThreshold) {
    reject(
      'NotEnoughStakeToSetWeights',
      `hotkey has ${stake} rao staked, the threshold is ${ledger.state.stakeThreshold}`,
    );
  }
  if (version_key < hyper.weights_version) {
    reject(
      'IncorrectWeightVersionKey',
      `version_key ${version_key} is below the subnet's weights_version ${hyper.weights_version}; upgrade the validator`,
    );
  }
  const since = ledger.block - neuron.lastUpdate;
  if (since < hyper.weights_rate_limit) {
    reject(
      'SettingWeightsTooFast',
      `uid ${neuron.uid} set weights ${since} blocks ago; subnet ${netuid} allows once every ${hyper.weights_rate_limit} blocks`,
    );
  }
  if (new Set(uids).size !== uids.length) reject('DuplicateUids', 'a uid appears twice in the weights');
  const n = subnet.neurons.length;
  const invalid = uids.find((u) => u >= n);
  if (invalid !== undefined)
    reject('UidVecContainInvalidOne', `uid ${invalid} does not exist (subnet ${netuid} has ${n} uids)`);
  // A lone self-weight keeps a uid active without a permit or the minimum length (§f.4).
  const selfWeightOnly = uids.length === 1 && uids[0] === neuron.uid;
  if (!selfWeightOnly) {
    if (!neuron.validatorPermit) {
      reject(
        'NeuronNoValidatorPermit',
        `uid ${neuron.uid} has no validator permit on subnet ${netuid}; it needs more stake`,
      );
    }
    const minimum = Math.min(hyper.min_allowed_weights, n);
    if (uids.length < minimum) {
      reject(
        'WeightVecLengthIsLow',
        `${uids.length} weights given, subnet ${netuid} requires at least ${minimum}`,
      );
    }
  }
  const stored = maxUpscaleToU16(weights);
  neuron.weights = uids.map((u, k): [number, number] => [u, stored[k]!]).sort((a, b) => a[0] - b[0]);
  neuron.lastUpdate = ledger.block;
  ledger.touchNeuron(subnet, neuron.uid);
  emit({ type: 'WeightsSet', netuid, uid: neuron.uid, count: uids.length });
}
