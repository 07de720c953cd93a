import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hot, neuronInfo, TAO } from '../test/fixtures';
import { blacklistDecision, stakePriority } from './blacklist';
import { Metagraph } from './metagraph';

const metagraph = Metagraph.fromNeurons(1, 10, [
  neuronInfo(0, { validator_permit: true, stake: 2000n * TAO }),
  neuronInfo(1, { stake: 3n * TAO }),
]);
const validator = hot('n0').ss58Address;
const miner = hot('n1').ss58Address;
const stranger = hot('stranger').ss58Address;

describe('blacklistDecision', () => {
  it('refuses unregistered callers with a 403 reason instead of throwing', () => {
    expect(blacklistDecision(metagraph, stranger)).toEqual({
      blacklisted: true,
      reason: 'Unrecognized hotkey',
    });
    expect(blacklistDecision(metagraph, undefined)).toMatchObject({ blacklisted: true });
    expect(blacklistDecision(metagraph, '')).toMatchObject({ blacklisted: true });
    expect(blacklistDecision(undefined, validator)).toMatchObject({ blacklisted: true });
  });

  it('serves registered callers, and only validators when forced', () => {
    expect(blacklistDecision(metagraph, miner).blacklisted).toBe(false);
    expect(blacklistDecision(metagraph, miner, { forceValidatorPermit: true })).toEqual({
      blacklisted: true,
      reason: 'Non-validator hotkey',
    });
    expect(blacklistDecision(metagraph, validator, { forceValidatorPermit: true }).blacklisted).toBe(false);
  });

  it('never throws, whatever the caller claims', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string(), { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        (hotkey, force, allow) => {
          const decision = blacklistDecision(metagraph, hotkey, {
            forceValidatorPermit: force,
            allowNonRegistered: allow,
          });
          expect(typeof decision.blacklisted).toBe('boolean');
          expect(stakePriority(metagraph, hotkey)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('lets unregistered callers through only when allowed', () => {
    expect(blacklistDecision(metagraph, stranger, { allowNonRegistered: true }).blacklisted).toBe(false);
  });
});

describe('stakePriority', () => {
  it('is the caller stake in TAO, 0 for unknown callers', () => {
    expect(stakePriority(metagraph, validator)).toBe(2000);
    expect(stakePriority(metagraph, miner)).toBe(3);
    expect(stakePriority(metagraph, stranger)).toBe(0);
    expect(stakePriority(undefined, validator)).toBe(0);
    expect(stakePriority(metagraph, undefined)).toBe(0);
  });
});
