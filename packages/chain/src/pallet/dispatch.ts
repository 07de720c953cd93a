import type { Call, CallName, CallOf } from '../calls';
import { ChainError, reject } from '../errors';
import type { EventSink } from '../events';
import type { VerifiedExtrinsic } from '../extrinsic';
import type { Ledger } from '../ledger';
import { transfer } from './balances';
import type { CallContext } from './context';
import { burnedRegister } from './registration';
import { rootRegister, setRootWeights } from './root';
import { serveAxon } from './serving';
import { addStake, removeStake, setTake } from './staking';
import { registerNetwork, setHyperparameter } from './subnets';
import { setWeights } from './weights';

const HANDLERS: { [N in CallName]: (ctx: CallContext, call: CallOf<N>) => void } = {
  transfer,
  register_network: registerNetwork,
  burned_register: burnedRegister,
  add_stake: addStake,
  remove_stake: removeStake,
  set_weights: setWeights,
  serve_axon: serveAxon,
  set_hyperparameter: setHyperparameter,
  set_take: setTake,
  root_register: rootRegister,
  set_root_weights: setRootWeights,
};

function dispatchCall(ctx: CallContext, call: Call): void {
  (HANDLERS[call.call] as (ctx: CallContext, call: Call) => void)(ctx, call);
}

/** The nonce rule: an extrinsic applies only at its signer's next nonce. */
export function checkNonce(ledger: Ledger, ext: Pick<VerifiedExtrinsic, 'signer' | 'nonce'>): void {
  const expected = ledger.account(ext.signer).nonce;
  if (ext.nonce < expected)
    reject('StaleNonce', `nonce ${ext.nonce} was already used; ${ext.signer} is at ${expected}`);
  if (ext.nonce > expected)
    reject('FutureNonce', `nonce ${ext.nonce} is ahead of ${ext.signer}'s next nonce ${expected}`);
}

export type ApplyOutcome = { ok: true } | { ok: false; error: ChainError };

/**
 * Applies one verified extrinsic at its signer's next nonce (checkNonce's ChainError otherwise: a
 * stale or future nonce is never included). As in Substrate, an included extrinsic bumps its
 * signer's nonce whether its call succeeds or fails, so the signer's next one can follow it. Handlers
 * check everything before they write, so a failed call changes nothing else, and is reported as an
 * ExtrinsicFailed event.
 */
export function applyExtrinsic(ledger: Ledger, ext: VerifiedExtrinsic, emit: EventSink): ApplyOutcome {
  checkNonce(ledger, ext);
  const base = { hash: ext.hash, signer: ext.signer, call: ext.call.call };
  const events: Parameters<EventSink>[0][] = [];
  try {
    dispatchCall({ ledger, signer: ext.signer, emit: (e) => events.push(e) }, ext.call);
  } catch (err) {
    if (!(err instanceof ChainError)) throw err;
    ledger.bumpNonce(ext.signer);
    emit({ type: 'ExtrinsicFailed', ...base, error: err.code, message: err.message });
    return { ok: false, error: err };
  }
  ledger.bumpNonce(ext.signer);
  for (const e of events) emit(e);
  emit({ type: 'ExtrinsicSuccess', ...base });
  return { ok: true };
}
