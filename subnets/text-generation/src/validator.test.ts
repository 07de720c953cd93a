import { type StepContext, seededRng } from '@subnetkit/neuron';
import type { SynapseResult } from '@subnetkit/protocol';
import { describe, expect, it } from 'vitest';
import type { TextGenerationRequest, TextGenerationResponse } from './protocol';
import { outcomeOf, referencedChallenge, textGenerationTask } from './validator';

/** A model that answers from a table, or with nothing. */
const echo = (answer: (request: TextGenerationRequest) => string) => ({
  complete: async (request: TextGenerationRequest) => ({ completion: answer(request) }),
});

// The task reads only the step, its random source and its uids from the step context.
const context = (seed: number): StepContext =>
  ({ step: 0, rng: seededRng(seed), uids: [] }) as unknown as StepContext;

function result(response: TextGenerationResponse | undefined, seconds: number, statusCode = 200) {
  return {
    isSuccess: response !== undefined,
    response,
    statusCode,
    processTime: seconds,
    isTimeout: statusCode === 408,
  } as unknown as SynapseResult<TextGenerationResponse>;
}

describe('textGenerationTask', () => {
  it('sends the reference model’s challenge and scores the answers with their reasons', async () => {
    const scored: unknown[] = [];
    const task = textGenerationTask({
      model: echo((request) => ` continuation of ${request.prompt ?? request.messages![0]!.content}`),
      timeout: 10,
      maxNewTokens: 8,
      onScored: (step) => scored.push(step.rewards.map((r) => r.reason)),
    });
    const challenge = await task.forward(context(1));
    expect(challenge).toEqual(await task.forward(context(1)));
    expect(challenge.input).toMatchObject({ max_new_tokens: 8, do_sample: false });
    expect(challenge.timeout).toBe(10);
    const reference = challenge.expected.reference;
    const rewards = await task.reward(
      challenge,
      [
        { uid: 0, hotkey: 'a', result: result({ completion: reference }, 1) },
        { uid: 1, hotkey: 'b', result: result(undefined, 10, 408) },
        { uid: 2, hotkey: 'c', result: result({ completion: '' }, 0.1) },
      ],
      context(1),
    );
    expect(rewards[0]).toBeCloseTo(0.98, 10);
    expect(rewards.slice(1)).toEqual([0, 0]);
    expect(scored).toEqual([['scored', 'timeout', 'empty']]);
  });

  it('tries the next seeds when the reference is empty, and skips the step when all are', async () => {
    let calls = 0;
    const sometimes = echo(() => (++calls < 3 ? '' : 'text'));
    const found = await referencedChallenge(sometimes, 40);
    expect(found.challenge.seed).toBe(42);
    expect(found.reference).toBe('text');
    const task = textGenerationTask({ model: echo(() => '  '), timeout: 5 });
    await expect(task.forward(context(2))).rejects.toMatchObject({ code: 'NoReference' });
  });

  it('counts a timeout apart from other failures', () => {
    expect(outcomeOf(3, result(undefined, 5, 408))).toEqual({ uid: 3, status: 'timeout', seconds: 5 });
    expect(outcomeOf(3, result(undefined, 0.2, 503))).toEqual({ uid: 3, status: 'failed', seconds: 0.2 });
  });
});
