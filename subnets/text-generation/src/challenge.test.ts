import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { CHALLENGE_SPACE, makeChallenge } from './challenge';
import { TextGeneration } from './protocol';

describe('makeChallenge', () => {
  it('gives the same request for the same seed', () => {
    expect(makeChallenge(7)).toEqual(makeChallenge(7));
    expect(makeChallenge(7, { maxNewTokens: 16 }).request.max_new_tokens).toBe(16);
  });

  it('varies prompts, topics and forms over seeds, always greedy and valid on the wire', () => {
    const challenges = Array.from({ length: 400 }, (_, seed) => makeChallenge(seed));
    const texts = new Set(challenges.map((c) => JSON.stringify(c.request)));
    expect(texts.size).toBeGreaterThan(390);
    expect(new Set(challenges.map((c) => c.topic)).size).toBeGreaterThan(300);
    const chats = challenges.filter((c) => c.request.messages !== undefined).length;
    expect(chats).toBeGreaterThan(80);
    expect(chats).toBeLessThan(160);
    for (const { request } of challenges) {
      expect(request.do_sample).toBe(false);
      expect((request.prompt === undefined) !== (request.messages === undefined)).toBe(true);
      expect(TextGeneration.checkRequest(request)).toBeUndefined();
      expect(JSON.stringify(request)).not.toMatch(/\{(subject|Subject|angle)\}/);
    }
    expect(CHALLENGE_SPACE).toBeGreaterThan(30_000);
  });

  it('builds chats with an optional system message and one user turn', () => {
    const chat = Array.from({ length: 100 }, (_, seed) => makeChallenge(seed)).find(
      (c) => c.request.messages?.[0]?.role === 'system',
    );
    expect(chat?.request.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(Value.Check(TextGeneration.request, chat!.request)).toBe(true);
  });
});
