/**
 * BaseMiner (the template's `BaseMinerNeuron`, reference/bittensor-sdk.md §7.1): an axon whose
 * synapses answer only registered callers (optionally only validators), higher stake first, and
 * whose address is on chain. The subnet provides the forwards through `attach`.
 *
 * `run()`: sync the metagraph (NotRegistered if the hotkey holds no uid) → listen → `serve_axon`
 * if the chain does not already show this address → follow the head, resyncing every
 * `epochLength` blocks and re-serving if the chain's record drifts. `stop()` closes the axon.
 */
import { isIP } from 'node:net';
import type {
  AnyStreamingSynapse,
  AnySynapse,
  AnyUnarySynapse,
  Axon,
  BlacklistDecision,
  IncomingCall,
  StreamingHandlers,
  UnaryHandlers,
} from '@subnetkit/protocol';
import { type BlacklistPolicy, blacklistDecision, stakePriority } from './blacklist';
import { NeuronError } from './errors';
import type { Metagraph } from './metagraph';
import { BaseNeuron, type NeuronOptions } from './neuron';

/** `serve_axon`'s protocol field: 4 is HTTP in the SDK. */
export const AXON_PROTOCOL_HTTP = 4;

export interface BaseMinerOptions extends NeuronOptions {
  /** An axon made with the same hotkey; the miner attaches, listens and closes it. */
  axon: Axon;
  /** `--blacklist.*`. Default: registered callers only, validator permit not required. */
  blacklist?: BlacklistPolicy;
  /** Grace for in-flight requests when stopping, ms. Default 5000. */
  closeGraceMs?: number;
}

type AnyHandlers = UnaryHandlers<AnyUnarySynapse> | StreamingHandlers<AnyStreamingSynapse>;

export class BaseMiner extends BaseNeuron {
  protected readonly role = 'miner';
  readonly axon: Axon;
  readonly blacklistPolicy: BlacklistPolicy;
  readonly #closeGraceMs: number;
  #listening = false;
  #serveDue = false;

  constructor(options: BaseMinerOptions) {
    super(options);
    if (options.axon.hotkey !== options.hotkey.ss58Address) {
      throw new RangeError(
        `the axon serves hotkey ${options.axon.hotkey} but the miner is ${options.hotkey.ss58Address}`,
      );
    }
    this.axon = options.axon;
    this.blacklistPolicy = options.blacklist ?? {};
    this.#closeGraceMs = options.closeGraceMs ?? 5000;
  }

  /**
   * Serves `synapse` with `handlers.forward`. The miner's blacklist runs first (unregistered and,
   * with `forceValidatorPermit`, non-validator callers are refused); `handlers.blacklist`, if
   * given, then decides for the rest. `handlers.priority` replaces the stake priority. Call
   * before `run()`.
   */
  attach<S extends AnyUnarySynapse>(synapse: S, handlers: UnaryHandlers<S>): this;
  attach<S extends AnyStreamingSynapse>(synapse: S, handlers: StreamingHandlers<S>): this;
  attach(synapse: AnySynapse, handlers: AnyHandlers): this {
    const custom = handlers.blacklist;
    const wrapped: AnyHandlers = {
      ...handlers,
      blacklist: async (call: IncomingCall): Promise<BlacklistDecision> => {
        const decision = this.blacklist(call);
        return decision.blacklisted || !custom ? decision : custom(call);
      },
      priority: handlers.priority ?? ((call: IncomingCall) => this.priority(call)),
    };
    (this.axon.attach as (synapse: AnySynapse, handlers: AnyHandlers) => Axon)(synapse, wrapped);
    return this;
  }

  /** The default blacklist, on the current metagraph. Never throws. */
  blacklist(call: IncomingCall): BlacklistDecision {
    return blacklistDecision(this.currentMetagraph, call.dendrite.hotkey, this.blacklistPolicy);
  }

  /** The default priority: the caller's stake in TAO (0 if unknown). */
  priority(call: IncomingCall): number {
    return stakePriority(this.currentMetagraph, call.dendrite.hotkey);
  }

  /** Whether the chain's record of this uid's axon differs from what the axon announces. */
  needsServing(metagraph: Metagraph = this.metagraph): boolean {
    const uid = metagraph.uidOf(this.hotkey.ss58Address);
    if (uid === undefined) return false;
    const onChain = metagraph.axons[uid]!;
    const info = this.axon.info();
    return (
      onChain.ip !== info.ip ||
      onChain.port !== info.port ||
      onChain.version !== info.version ||
      onChain.protocol !== AXON_PROTOCOL_HTTP
    );
  }

  /** Submits `serve_axon` with the axon's announced address; true once the chain holds it. */
  async serve(): Promise<boolean> {
    const info = this.axon.info();
    const ipType = isIP(info.ip);
    const inclusion = await this.submit({
      call: 'serve_axon',
      netuid: this.netuid,
      version: info.version,
      ip: info.ip,
      port: info.port,
      ip_type: ipType,
      protocol: AXON_PROTOCOL_HTTP,
    });
    if (!inclusion?.ok) return false;
    this.log.info({ ip: info.ip, port: info.port, block: inclusion.blockNumber }, 'axon served on chain');
    return true;
  }

  protected override onMetagraph(_previous: Metagraph | undefined, next: Metagraph): void {
    if (this.#listening) this.#serveDue = this.needsServing(next);
  }

  protected override async onStart(): Promise<void> {
    const info = this.axon.info();
    if (info.ip === '0.0.0.0' || info.ip === '::' || isIP(info.ip) === 0) {
      throw new NeuronError(
        'InvalidAxonAddress',
        `the axon would announce ${info.ip}, which no validator can dial; pass --axon.external_ip ` +
          '(and --axon.external_port behind NAT) with the address others reach this machine on',
      );
    }
    await this.axon.listen();
    this.#listening = true;
    // The port is known only now (port 0 binds any free port).
    if (this.needsServing()) {
      if (await this.serve()) await this.sync();
      else this.#serveDue = true;
    } else {
      this.log.info({ ip: info.ip, port: this.axon.info().port }, 'axon already served on chain');
    }
  }

  protected override async onBlock(): Promise<void> {
    // Retried at the cadence of resyncs: a rate-limited serve waits for the next one.
    if (!this.#serveDue) return;
    this.#serveDue = false;
    if (await this.serve()) await this.sync();
  }

  protected override async onStop(): Promise<void> {
    if (this.#listening) await this.axon.close({ graceMs: this.#closeGraceMs });
  }
}
