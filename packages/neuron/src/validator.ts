/**
 * BaseValidator (the template's `BaseValidatorNeuron`, reference/bittensor-sdk.md §7.1). On each
 * new block it runs one step — sample serving miners, send them the task's challenge through the
 * dendrite, score the answers, fold the scores into a moving average — and, every `epochLength`
 * blocks, turns the scores into weights that the chain will accept (`planWeights`) and sets them.
 * State (step, scores, hotkeys) is saved atomically after every step and loaded at start.
 *
 * The subnet supplies a `ValidatorTask`: `forward` builds a challenge with a known answer,
 * `reward` scores each miner's response. A call that failed (timeout, refused, blacklisted,
 * unparsable) scores 0 whatever `reward` says, so a dead miner cannot earn.
 */
import { renameSync } from 'node:fs';
import type { Head } from '@subnetkit/chain';
import type { AnyUnarySynapse, Dendrite, RequestOf, ResponseOf, SynapseResult } from '@subnetkit/protocol';
import { NeuronError } from './errors';
import type { Metagraph } from './metagraph';
import { BaseNeuron, type NeuronOptions } from './neuron';
import { type Rng, sampleMiners } from './sampling';
import { alignScores, DEFAULT_MOVING_AVERAGE_ALPHA, replacedUids, updateScores } from './scores';
import { loadState, saveState, type ValidatorState } from './state';
import { planWeights, type WeightsPlan } from './weights';

/** One step's query: the same input for every sampled miner, and what scoring it needs. */
export interface Challenge<S extends AnyUnarySynapse, C = unknown> {
  readonly input: RequestOf<S>;
  /** The known answer, or whatever `reward` needs; never sent to miners. */
  readonly expected: C;
  /** Seconds for this query; default the validator's timeout. */
  readonly timeout?: number;
}

export interface MinerResponse<S extends AnyUnarySynapse> {
  readonly uid: number;
  readonly hotkey: string;
  /** Narrow on `result.isSuccess` to read `result.response`; `result.processTime` is the latency. */
  readonly result: SynapseResult<ResponseOf<S>>;
}

export interface StepContext {
  /** Steps completed before this one. */
  readonly step: number;
  readonly block: number;
  /** The uids this step queries, ascending. */
  readonly uids: readonly number[];
  readonly metagraph: Metagraph;
  /** The validator's random source (injectable, for reproducible challenges). */
  readonly rng: Rng;
  /** Aborted when the validator stops. */
  readonly signal: AbortSignal;
}

/** What a subnet's validator provides: the synapse, challenge generation and scoring. */
export interface ValidatorTask<S extends AnyUnarySynapse, C = unknown> {
  readonly synapse: S;
  /** Builds this step's challenge. A throw skips the step (logged). */
  forward(context: StepContext): Challenge<S, C> | Promise<Challenge<S, C>>;
  /**
   * One reward per response, in the same order, ≥ 0 (higher is better; NaN counts as 0). Failed
   * calls are zeroed afterwards whatever is returned for them. A throw skips the step (logged).
   */
  reward(
    challenge: Challenge<S, C>,
    responses: readonly MinerResponse<S>[],
    context: StepContext,
  ): readonly number[] | Promise<readonly number[]>;
}

export interface BaseValidatorOptions<S extends AnyUnarySynapse, C = unknown> extends NeuronOptions {
  /** A dendrite made with the same hotkey; the validator closes it when it stops. */
  dendrite: Dendrite;
  task: ValidatorTask<S, C>;
  /** Miners per step (`--neuron.sample_size`). Default 50. */
  sampleSize?: number;
  /** EMA weight of the newest reward (`--neuron.moving_average_alpha`). Default 0.1. */
  alpha?: number;
  /** Seconds per query (`--neuron.timeout`). Default the synapse's timeout. */
  timeout?: number;
  /** Skip uids with a permit and more than this TAO (`--neuron.vpermit_tao_limit`). Default 4096. */
  vpermitTaoLimit?: number;
  /** Score but never set weights (`--neuron.disable_set_weights`). */
  disableSetWeights?: boolean;
  /** `set_weights` version key (the subnet's spec version). Default the subnet's `weights_version`. */
  versionKey?: number;
  /** JSON state file; none: state is not persisted. */
  statePath?: string;
  /** Default `Math.random`. */
  rng?: Rng;
}

export interface StepReport {
  readonly step: number;
  readonly block: number;
  readonly uids: readonly number[];
  /** Rewards as folded into the scores (failures 0). */
  readonly rewards: readonly number[];
  readonly statusCodes: readonly number[];
}

export type WeightsOutcome =
  | { readonly action: 'set'; readonly block: number; readonly uids: number[]; readonly weights: number[] }
  | { readonly action: 'failed'; readonly code?: string; readonly message: string }
  | Extract<WeightsPlan, { action: 'skip' }>;

export class BaseValidator<S extends AnyUnarySynapse, C = unknown> extends BaseNeuron {
  protected readonly role = 'validator';
  readonly dendrite: Dendrite;
  readonly task: ValidatorTask<S, C>;
  readonly sampleSize: number;
  readonly alpha: number;
  readonly timeout: number;
  readonly vpermitTaoLimit: number;
  readonly disableSetWeights: boolean;
  readonly versionKey: number | undefined;
  readonly statePath: string | undefined;
  readonly #rng: Rng;
  #scores: number[] = [];
  #hotkeys: string[] = [];
  #step = 0;
  #lastWeightsBlock = 0;
  #weightsRetryAt = 0;
  /** Set once the state was loaded: before that, saving would overwrite a good file with zeros. */
  #started = false;

  constructor(options: BaseValidatorOptions<S, C>) {
    super(options);
    if (options.dendrite.hotkey !== options.hotkey.ss58Address) {
      throw new RangeError(
        `the dendrite signs as ${options.dendrite.hotkey} but the validator is ${options.hotkey.ss58Address}`,
      );
    }
    this.dendrite = options.dendrite;
    this.task = options.task;
    this.sampleSize = options.sampleSize ?? 50;
    this.alpha = options.alpha ?? DEFAULT_MOVING_AVERAGE_ALPHA;
    if (!(this.alpha >= 0 && this.alpha <= 1)) throw new RangeError(`alpha must be within [0, 1]`);
    this.timeout = options.timeout ?? options.task.synapse.timeout;
    this.vpermitTaoLimit = options.vpermitTaoLimit ?? 4096;
    this.disableSetWeights = options.disableSetWeights ?? false;
    this.versionKey = options.versionKey;
    this.statePath = options.statePath;
    this.#rng = options.rng ?? Math.random;
  }

  /** The moving average of rewards, one per uid of the metagraph. */
  get scores(): readonly number[] {
    return this.#scores;
  }

  /** The hotkeys the scores belong to. */
  get hotkeys(): readonly string[] {
    return this.#hotkeys;
  }

  /** Steps completed (`self.step`). */
  get step(): number {
    return this.#step;
  }

  /** The block of the last weights this validator got on chain (0: none known). */
  get lastWeightsBlock(): number {
    return this.#lastWeightsBlock;
  }

  /** One step now: sample, query, reward, update the scores. Undefined if nothing was scored. */
  async forwardStep(): Promise<StepReport | undefined> {
    const metagraph = this.metagraph;
    const uids = sampleMiners(metagraph, this.sampleSize, {
      exclude: this.uid === undefined ? [] : [this.uid],
      vpermitTaoLimit: this.vpermitTaoLimit,
      rng: this.#rng,
    });
    if (uids.length === 0) {
      this.log.info({ block: this.block, n: metagraph.n }, 'no serving miners to query');
      return undefined;
    }
    const context: StepContext = {
      step: this.#step,
      block: Math.max(this.block, metagraph.block),
      uids,
      metagraph,
      rng: this.#rng,
      signal: this.signal,
    };
    let challenge: Challenge<S, C>;
    try {
      challenge = await this.task.forward(context);
    } catch (err) {
      this.log.error({ err, step: this.#step }, 'task forward failed; step skipped');
      return undefined;
    }
    const started = performance.now();
    const results = await this.dendrite.forward(
      uids.map((uid) => metagraph.axons[uid]!),
      this.task.synapse,
      challenge.input,
      { timeout: challenge.timeout ?? this.timeout, signal: this.signal },
    );
    if (this.signal.aborted) return undefined;
    const responses = uids.map((uid, i) => ({ uid, hotkey: metagraph.hotkeys[uid]!, result: results[i]! }));
    let rewards: readonly number[];
    try {
      rewards = await this.task.reward(challenge, responses, context);
    } catch (err) {
      this.log.error({ err, step: this.#step }, 'task reward failed; step skipped');
      return undefined;
    }
    if (rewards.length !== uids.length) {
      this.log.error(
        { step: this.#step, rewards: rewards.length, responses: uids.length },
        'task reward returned the wrong number of rewards; step skipped',
      );
      return undefined;
    }
    const scored = responses.map(({ result }, i) => (result.isSuccess ? rewards[i]! : 0));
    // The loop never resyncs during a step, but a caller's own sync() could have: a uid whose
    // hotkey changed meanwhile was answered by someone else, so its reward is dropped.
    const current = uids.map((uid) => this.#hotkeys[uid] === metagraph.hotkeys[uid]);
    this.#scores = updateScores(
      this.#scores,
      uids.filter((_, i) => current[i]),
      scored.filter((_, i) => current[i]),
      this.alpha,
    );
    const report: StepReport = {
      step: this.#step,
      block: context.block,
      uids,
      rewards: scored,
      statusCodes: responses.map(({ result }) => result.statusCode),
    };
    this.#step++;
    this.log.info(
      {
        step: report.step,
        block: report.block,
        uids,
        rewards: scored.map((r) => Number(r.toFixed(4))),
        status: report.statusCodes,
        ms: Math.round(performance.now() - started),
      },
      'step scored',
    );
    return report;
  }

  /** Whether weights are due at `head`: steps taken, `epochLength` blocks since the last, not disabled. */
  weightsDue(head: number): boolean {
    if (this.disableSetWeights || this.#step === 0 || head < this.#weightsRetryAt) return false;
    return head - this.#lastUpdate() >= this.epochLength;
  }

  /**
   * Turns the scores into weights and sets them if the chain would accept them now; otherwise
   * logs why not and waits (the rate limit's remaining blocks, or an epoch length).
   */
  async setWeights(head: number = this.block): Promise<WeightsOutcome> {
    const subnet = await this.chain.subnet(this.netuid);
    if (!subnet) {
      throw new NeuronError('SubnetNotFound', `subnet ${this.netuid} no longer exists on this chain`);
    }
    const metagraph = this.metagraph;
    const uid = this.uid;
    const plan = planWeights({
      scores: this.#scores,
      uid,
      validatorPermit: uid !== undefined && metagraph.validator_permit[uid] === true,
      head,
      lastUpdate: this.#lastUpdate(),
      hyperparameters: subnet.hyperparameters,
      ...(this.versionKey === undefined ? {} : { versionKey: this.versionKey }),
    });
    if (plan.action === 'skip') {
      const wait =
        plan.reason === 'RateLimited'
          ? this.#lastUpdate() + subnet.hyperparameters.weights_rate_limit - 1
          : head + this.epochLength;
      this.#weightsRetryAt = Math.max(head + 1, wait);
      this.log.info(
        { block: head, reason: plan.reason, retryAt: this.#weightsRetryAt },
        `weights not set: ${plan.message}`,
      );
      return plan;
    }
    const inclusion = await this.submit({
      call: 'set_weights',
      netuid: this.netuid,
      uids: plan.uids,
      weights: plan.weights,
      version_key: plan.versionKey,
    });
    if (!inclusion?.ok) {
      this.#weightsRetryAt = head + 1;
      return {
        action: 'failed',
        ...(inclusion?.error ? { code: inclusion.error.code } : {}),
        message: inclusion?.error?.message ?? 'not included',
      };
    }
    this.#lastWeightsBlock = inclusion.blockNumber;
    this.log.info(
      { block: inclusion.blockNumber, uids: plan.uids, weights: plan.weights, version_key: plan.versionKey },
      'weights set',
    );
    return { action: 'set', block: inclusion.blockNumber, uids: plan.uids, weights: plan.weights };
  }

  /** Writes step, scores and hotkeys to `statePath` (atomically); a no-op without one. */
  saveState(): void {
    if (!this.statePath) return;
    const state: ValidatorState = {
      version: 1,
      netuid: this.netuid,
      step: this.#step,
      lastWeightsBlock: this.#lastWeightsBlock,
      scores: this.#scores,
      hotkeys: this.#hotkeys,
    };
    saveState(this.statePath, state);
  }

  /**
   * Reads `statePath` and adopts it, realigned to the current metagraph (a uid whose hotkey changed
   * meanwhile starts from 0). A missing file is a fresh start; an unreadable one is moved aside.
   */
  loadState(): boolean {
    if (!this.statePath) return false;
    const loaded = loadState(this.statePath);
    if (loaded.status === 'missing') return false;
    if (loaded.status === 'invalid' || loaded.state.netuid !== this.netuid) {
      const problem =
        loaded.status === 'invalid' ? loaded.problem : `it belongs to subnet ${loaded.state.netuid}`;
      const aside = `${this.statePath}.${Date.now()}.invalid`;
      renameSync(this.statePath, aside);
      this.log.warn({ path: this.statePath, movedTo: aside }, `state not loaded: ${problem}; starting fresh`);
      return false;
    }
    const { state } = loaded;
    const hotkeys = this.metagraph.hotkeys;
    this.#scores = alignScores(state.scores, state.hotkeys, hotkeys);
    this.#hotkeys = [...hotkeys];
    this.#step = state.step;
    this.#lastWeightsBlock = state.lastWeightsBlock;
    this.log.info({ path: this.statePath, step: state.step }, 'state loaded');
    return true;
  }

  protected override onMetagraph(_previous: Metagraph | undefined, next: Metagraph): void {
    const replaced = replacedUids(this.#hotkeys, next.hotkeys);
    if (replaced.length > 0) this.log.info({ uids: replaced }, 'hotkeys replaced; their scores reset');
    this.#scores = alignScores(this.#scores, this.#hotkeys, next.hotkeys);
    this.#hotkeys = [...next.hotkeys];
  }

  protected override async onStart(): Promise<void> {
    this.loadState();
    this.#started = true;
  }

  protected override async onBlock(head: Head): Promise<void> {
    const report = await this.forwardStep();
    if (this.signal.aborted) return;
    if (this.weightsDue(head.number)) await this.setWeights(head.number);
    if (report) this.#save();
  }

  protected override async onStop(): Promise<void> {
    if (this.#started) this.#save();
    await this.dendrite.close();
  }

  /** The block of this uid's last weights: the chain's record or our own, whichever is newer. */
  #lastUpdate(): number {
    const uid = this.uid;
    const onChain = uid === undefined ? 0 : (this.currentMetagraph?.last_update[uid] ?? 0);
    return Math.max(onChain, this.#lastWeightsBlock);
  }

  #save(): void {
    try {
      this.saveState();
    } catch (err) {
      this.log.error({ err, path: this.statePath }, 'state not saved');
    }
  }
}
