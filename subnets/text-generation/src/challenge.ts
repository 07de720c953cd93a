/**
 * The validator's challenges: prompts it writes itself, offline, from templates and a seeded
 * source of topics (a subject and an angle on it: 60 × 24 topics, 16 prompt and 8 chat
 * templates, about 35 000 distinct requests). The same seed always gives the same request, so a
 * step can be replayed; a validator draws a fresh seed per step, so miners cannot know the
 * prompt before it arrives. Pure.
 */
import { createRng, deriveSeed, type Rng } from '@subnetkit/model-forge';
import type { TextGenerationRequest } from './protocol';

const SUBJECTS = [
  'a lighthouse keeper',
  'the moon',
  'volcanoes',
  'honey bees',
  'an old bicycle',
  'the first computer',
  'rainforests',
  'a small bakery',
  'glaciers',
  'the printing press',
  'coral reefs',
  'a city at night',
  'migrating birds',
  'the human heart',
  'a chess champion',
  'thunderstorms',
  'ancient Rome',
  'a robot gardener',
  'the deep ocean',
  'electric cars',
  'a village library',
  'mountain climbers',
  'the speed of light',
  'a lost umbrella',
  'wolves',
  'the internet',
  'a desert oasis',
  'solar panels',
  'a jazz musician',
  'the Great Wall',
  'black holes',
  'a fishing boat',
  'autumn leaves',
  'the immune system',
  'a train station',
  'penguins',
  'the water cycle',
  'a space station',
  'an apple orchard',
  'earthquakes',
  'a street market',
  'the violin',
  'tides',
  'a mapmaker',
  'bread',
  'the northern lights',
  'a clockmaker',
  'rivers',
  'paper',
  'a snowy forest',
  'bridges',
  'octopuses',
  'the alphabet',
  'a marathon runner',
  'windmills',
  'a garden in spring',
  'satellites',
  'an island',
  'coffee',
  'the stars',
] as const;

const ANGLES = [
  'its history',
  'how it works',
  'why it matters',
  'a surprising fact',
  'its future',
  'a day in its life',
  'what children ask about it',
  'its biggest problem',
  'how it changed the world',
  'what it teaches us',
  'its smallest details',
  'how to explain it simply',
  'a common mistake about it',
  'its beauty',
  'what would happen without it',
  'the people around it',
  'its sounds',
  'its colours',
  'a memory of it',
  'its hidden dangers',
  'how it began',
  'the science behind it',
  'a letter about it',
  'its place in a story',
] as const;

const PROMPT_TEMPLATES = [
  'Write a short story about {subject}, focusing on {angle}.',
  'Explain {subject} to a ten-year-old. Start with {angle}.',
  'Here is a paragraph about {subject} and {angle}:',
  'The most interesting thing about {subject} is',
  'Q: What should everyone know about {subject}, especially {angle}?\nA:',
  'Title: {Subject}: {angle}\n\n',
  'Once upon a time, {subject} taught a village about {angle}.',
  'A short poem about {subject} and {angle}:\n',
  'In the encyclopedia entry on {subject}, the section on {angle} reads:',
  'My notes on {subject} ({angle}):\n-',
  'Dear friend, I have been thinking about {subject}, and about {angle}.',
  'Breaking news: scientists studying {subject} report on {angle}.',
  'The teacher wrote "{Subject}" on the board and began to talk about {angle}.',
  'Three things about {subject}, starting with {angle}: first,',
  'If {subject} could speak, it would tell us about {angle}:',
  'A summary of a documentary on {subject} and {angle}:',
] as const;

interface ChatTemplate {
  system?: string;
  user: string;
}

const CHAT_TEMPLATES: readonly ChatTemplate[] = [
  { user: 'Tell me about {subject}, and especially {angle}.' },
  { system: 'You are a helpful teacher.', user: 'Can you explain {subject} to me? Begin with {angle}.' },
  { system: 'You are a storyteller.', user: 'Tell me a story about {subject} and {angle}.' },
  { user: 'I am writing an essay on {subject}. What should I say about {angle}?' },
  { system: 'Answer briefly.', user: 'What is one thing to know about {subject}: {angle}?' },
  { system: 'You are a poet.', user: 'Write a few lines on {subject} and {angle}.' },
  { user: 'Why do people care about {subject}? Think about {angle}.' },
  { system: 'You are a curious scientist.', user: 'Describe {subject}, focusing on {angle}.' },
];

/** Share of challenges sent as a chat rather than a bare prompt. */
const CHAT_SHARE = 0.3;

export interface ChallengeOptions {
  /** The completion length asked for. Default 32. */
  maxNewTokens?: number;
}

export interface Challenge {
  seed: number;
  /** "subject — angle", for logs. */
  topic: string;
  /** What every sampled miner is sent: always greedy, the only decoding a reference can check. */
  request: TextGenerationRequest;
}

/** The challenge of `seed`: the same seed gives the same request on any machine. */
export function makeChallenge(seed: number, options: ChallengeOptions = {}): Challenge {
  const rng = createRng(deriveSeed(seed, 'text-generation-challenge'));
  const subject = pick(rng, SUBJECTS);
  const angle = pick(rng, ANGLES);
  const fill = (template: string): string =>
    template
      .replaceAll('{subject}', subject)
      .replaceAll('{Subject}', subject[0]!.toUpperCase() + subject.slice(1))
      .replaceAll('{angle}', angle);
  const maxNewTokens = options.maxNewTokens ?? 32;
  const common = { max_new_tokens: maxNewTokens, do_sample: false } as const;
  const topic = `${subject} — ${angle}`;
  if (rng.uniform() < CHAT_SHARE) {
    const template = pick(rng, CHAT_TEMPLATES);
    const messages: NonNullable<TextGenerationRequest['messages']> = [
      ...(template.system === undefined ? [] : [{ role: 'system' as const, content: template.system }]),
      { role: 'user', content: fill(template.user) },
    ];
    return { seed, topic, request: { messages, ...common } };
  }
  return { seed, topic, request: { prompt: fill(pick(rng, PROMPT_TEMPLATES)), ...common } };
}

/** Distinct requests the templates and topics can make. */
export const CHALLENGE_SPACE =
  SUBJECTS.length * ANGLES.length * (PROMPT_TEMPLATES.length + CHAT_TEMPLATES.length);

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.uniform() * items.length)]!;
}
