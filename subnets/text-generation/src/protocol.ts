/**
 * The synapses of subnet 1: a validator (or any client) sends a prompt or a chat conversation
 * with generation parameters; the miner answers with the completion — whole (`TextGeneration`)
 * or as a stream of text chunks (`TextGenerationStream`). One schema per wire message; the TS
 * types come from it.
 */
import { type Static, Type } from '@sinclair/typebox';
import { defineStreamingSynapse, defineSynapse, type RequestOf, type ResponseOf } from '@subnetkit/protocol';

/** Generation budget a request may ask for; a miner answers within the synapse's timeout. */
export const MAX_NEW_TOKENS_LIMIT = 512;
/** Used when a request leaves `max_new_tokens` out. */
export const DEFAULT_REQUEST_NEW_TOKENS = 64;
const MAX_TEXT_CHARS = 16_000;

export const CHAT_ROLES = ['system', 'user', 'assistant'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

export const ChatMessageSchema = Type.Object({
  role: Type.Union(CHAT_ROLES.map((role) => Type.Literal(role))),
  content: Type.String({ maxLength: MAX_TEXT_CHARS }),
});
export type ChatMessage = Static<typeof ChatMessageSchema>;

/**
 * Exactly one of `prompt` (text to continue) and `messages` (a chat, answered as the assistant)
 * must be set; the schema cannot say "one of", so the miner refuses a request with both or
 * neither (`InvalidRequest`, a 500 on the wire). Sampling parameters only apply with
 * `do_sample`; validators always ask for greedy decoding, the only reproducible one.
 */
const requestFields = {
  prompt: Type.Optional(Type.String({ maxLength: MAX_TEXT_CHARS })),
  messages: Type.Optional(Type.Array(ChatMessageSchema, { minItems: 1, maxItems: 64 })),
  max_new_tokens: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_NEW_TOKENS_LIMIT })),
  do_sample: Type.Optional(Type.Boolean()),
  temperature: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10 })),
  top_k: Type.Optional(Type.Integer({ minimum: 1 })),
  top_p: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
  /** Generation ends at the first of these; the completion stops before it. */
  stop: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 8 })),
};

// Every field decides the completion, so every field is signed through the body hash.
const hashFields = [
  'prompt',
  'messages',
  'max_new_tokens',
  'do_sample',
  'temperature',
  'top_k',
  'top_p',
  'stop',
] as const;

export const TextGeneration = defineSynapse({
  name: 'TextGeneration',
  request: requestFields,
  response: {
    /** The generated text only, without the prompt. */
    completion: Type.String({ maxLength: 64 * 1024 }),
    /** `stop`: a stop string (or, for chats, the next turn) ended it; `end`: end of text or token limit. */
    finish_reason: Type.Optional(Type.Union([Type.Literal('stop'), Type.Literal('end')])),
  },
  hashFields,
  timeout: 12,
  maxBodyBytes: 1024 * 1024,
});

/** The same request, answered as `text/event-stream` chunks of the completion as they are made. */
export const TextGenerationStream = defineStreamingSynapse({
  name: 'TextGenerationStream',
  request: requestFields,
  hashFields,
  timeout: 30,
  maxBodyBytes: 1024 * 1024,
});

export type TextGenerationRequest = RequestOf<typeof TextGeneration>;
export type TextGenerationResponse = ResponseOf<typeof TextGeneration>;
