/** Synapses, keys and fixed values the tests share. */
import { Type } from '@sinclair/typebox';
import { createLogger, Keypair } from '@subnetkit/core';
import { defineStreamingSynapse, defineSynapse } from '../src/synapse';

/** The template's `Dummy(bt.Synapse)` with `required_hash_fields = ("dummy_input",)`. */
export const Dummy = defineSynapse({
  name: 'Dummy',
  request: { dummy_input: Type.Integer() },
  response: { dummy_output: Type.Integer() },
  hashFields: ['dummy_input'],
});

/** Streams `count` numbered words. */
export const Words = defineStreamingSynapse({
  name: 'Words',
  request: { count: Type.Integer({ minimum: 0 }), delay_ms: Type.Optional(Type.Integer()) },
});

/** The validator side. */
export const alice = Keypair.fromUri('//Alice');
/** The miner side. */
export const bob = Keypair.fromUri('//Bob');
export const charlie = Keypair.fromUri('//Charlie');

export const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
export const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
export const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';

/** A fixed dendrite uuid (Python uses uuid1; any string works as the key). */
export const FIXED_UUID = '6e3c3f5a-9b1e-11ef-8f3a-0242ac120002';
export const FIXED_NONCE = 1_732_000_000_000_000_000n;
export const DUMMY_4_HASH = 'b103dc8a5244fd6548f7c0de617ee66d25f79007a993bc15c6ea11d8390e6279';

export const silentLogger = createLogger({ level: 'silent' });

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
