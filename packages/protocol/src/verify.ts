/**
 * The axon's built-in request check, Python's `Axon.default_verify` made strict
 * (reference/bittensor-sdk.md §1.6): the signature is required, the nonce must be in the window
 * and new for its `hotkey:uuid`, and the signed message names this axon's own hotkey, so a
 * request signed for another axon fails. Messages are Python's where Python has the case.
 */
import type { Keypair } from '@subnetkit/core';
import { NonceGuard, type NonceGuardOptions } from './nonce';
import { publicKeyOf, requestSignatureMessage, verifySignature } from './signature';
import type { TerminalInfo } from './terminal-info';

/** What the check reads: the dendrite's claims, the claimed timeout and the header body hash. */
export interface VerifiableCall {
  readonly dendrite: TerminalInfo;
  readonly timeout: number;
  readonly computedBodyHash: string;
}

export class RequestVerifier {
  readonly #axonHotkey: string;
  readonly #nonces: NonceGuard;

  constructor(axonHotkey: Pick<Keypair, 'ss58Address'>, nonceOptions: NonceGuardOptions) {
    this.#axonHotkey = axonHotkey.ss58Address;
    this.#nonces = new NonceGuard(nonceOptions);
  }

  /**
   * undefined when the call is verified (and its nonce is then spent), else why not. Synchronous
   * from check to commit, so two copies of one request cannot both pass.
   */
  verify(call: VerifiableCall): string | undefined {
    const { nonce, hotkey, uuid, signature } = call.dendrite;
    if (nonce === undefined) return 'Missing Nonce';
    if (hotkey === undefined || hotkey === '') return 'Missing dendrite hotkey';
    if (uuid === undefined) return 'Missing dendrite uuid';
    // Python skipped verification when the signature was missing (latent-to/bittensor#3392).
    if (signature === undefined || signature === '') return 'Missing Signature';
    if (publicKeyOf(hotkey) === undefined) return `Invalid dendrite hotkey ${hotkey}`;
    const key = `${hotkey}:${uuid}`;
    const verdict = this.#nonces.check(key, nonce, call.timeout);
    if (!verdict.ok) return verdict.reason;
    const message = requestSignatureMessage({
      nonce,
      dendriteHotkey: hotkey,
      axonHotkey: this.#axonHotkey,
      uuid,
      bodyHash: call.computedBodyHash,
    });
    if (!verifySignature(message, signature, hotkey)) {
      return `Signature mismatch with ${message} and ${signature}`;
    }
    this.#nonces.commit(key, nonce);
    return undefined;
  }
}
