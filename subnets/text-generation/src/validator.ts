/**
 * The validator's side of subnet 1, as the task packages/neuron's `BaseValidator` runs each step:
 * `forward` draws a seed, makes the challenge and computes the greedy reference with the
 * validator's own copy of the model; `reward` scores what the sampled miners sent back
 * (`reward.ts`). Sampling miners, the moving average and setting weights are `BaseValidator`'s.
 */
import { defineOptions } from '@subnetkit/core';
import type {
  MinerResponse,
  Challenge as NeuronChallenge,
  StepContext,
  ValidatorTask,
} from '@subnetkit/neuron';
import type { SynapseResult } from '@subnetkit/protocol';
import { type Challenge, makeChallenge } from './challenge';
import { TextGenerationError } from './errors';
import type { TextGenerationService } from './miner';
import { TextGeneration, type TextGenerationResponse } from './protocol';
import { type MinerOutcome, type MinerReward, rewardStep } from './reward';

/** Seeds tried, one after another, until the reference is not empty. */
const REFERENCE_ATTEMPTS = 8;

export const textValidatorOptions = defineOptions([
  {
    name: 'validator.max_new_tokens',
    type: 'integer',
    default: 32,
    min: 1,
    max: 512,
    help: 'Completion length each challenge asks for, tokens.',
  },
  {
    name: 'validator.latency_weight',
    type: 'number',
    default: 0.2,
    min: 0,
    max: 1,
    help: 'Share of a reward that depends on how fast the miner answered.',
  },
]);

export interface ReferencedChallenge {
  challenge: Challenge;
  /** The validator's own greedy completion of the challenge. */
  reference: string;
}

/**
 * The challenge of `seed` and its reference. An empty reference (the model ended the text at
 * once) checks nothing, since an empty answer scores 0: the next seed is tried instead.
 */
export async function referencedChallenge(
  model: Pick<TextGenerationService, 'complete'>,
  seed: number,
  options: { maxNewTokens?: number } = {},
): Promise<ReferencedChallenge> {
  let last: ReferencedChallenge | undefined;
  for (let attempt = 0; attempt < REFERENCE_ATTEMPTS; attempt++) {
    const challenge = makeChallenge(seed + attempt, options);
    const { completion } = await model.complete(challenge.request);
    last = { challenge, reference: completion };
    if (completion.trim() !== '') return last;
  }
  return last!;
}

/** What a dendrite result counts as for scoring. */
export function outcomeOf(uid: number, result: SynapseResult<TextGenerationResponse>): MinerOutcome {
  if (result.isSuccess) {
    return { uid, status: 'answered', completion: result.response.completion, seconds: result.processTime };
  }
  return { uid, status: result.isTimeout ? 'timeout' : 'failed', seconds: result.processTime };
}

export interface TextGenerationTaskOptions {
  /** The validator's model: the same weights the miners are asked to serve. */
  model: Pick<TextGenerationService, 'complete'>;
  /** Seconds each miner has (`--neuron.timeout`); also where speed reaches 0. */
  timeout: number;
  /** Default 32. */
  maxNewTokens?: number;
  /** Default 0.2. */
  latencyWeight?: number;
  /** Every step's rewards with their reasons, for logs and tests. */
  onScored?: (scored: ScoredStep) => void;
}

export interface ScoredStep extends ReferencedChallenge {
  step: number;
  rewards: MinerReward[];
}

export type TextGenerationTask = ValidatorTask<typeof TextGeneration, ReferencedChallenge>;

/** The subnet's validator task for `BaseValidator`. */
export function textGenerationTask(options: TextGenerationTaskOptions): TextGenerationTask {
  const { model, timeout } = options;
  return {
    synapse: TextGeneration,
    async forward(
      context: StepContext,
    ): Promise<NeuronChallenge<typeof TextGeneration, ReferencedChallenge>> {
      // From the validator's random source: unknown to miners, reproducible with a seeded one.
      const seed = Math.floor(context.rng() * 2 ** 32);
      const expected = await referencedChallenge(model, seed, {
        ...(options.maxNewTokens === undefined ? {} : { maxNewTokens: options.maxNewTokens }),
      });
      // Scoring against nothing would fold a zero into every sampled miner's average: skip the step.
      if (expected.reference.trim() === '') {
        throw new TextGenerationError(
          'NoReference',
          `The model gave an empty completion for ${REFERENCE_ATTEMPTS} challenges from seed ${seed}; step skipped.`,
        );
      }
      return { input: expected.challenge.request, expected, timeout };
    },
    reward(challenge, responses: readonly MinerResponse<typeof TextGeneration>[], context) {
      const outcomes = responses.map(({ uid, result }) => outcomeOf(uid, result));
      const rewards = rewardStep(challenge.expected.reference, outcomes, {
        timeout: challenge.timeout ?? timeout,
        ...(options.latencyWeight === undefined ? {} : { latencyWeight: options.latencyWeight }),
      });
      options.onScored?.({ ...challenge.expected, step: context.step, rewards });
      return rewards.map((r) => r.reward);
    },
  };
}
