import { describe, expect, it } from 'vitest';
import { untilAborted } from './abort';

describe('untilAborted', () => {
  it("gives the promise's value or error when the signal stays quiet", async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(7), signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('boom')), signal)).rejects.toThrow('boom');
  });

  it("rejects with the signal's reason as soon as it aborts, before the promise settles", async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => {});
    const raced = untilAborted(never, controller.signal);
    controller.abort(new Error('stopping'));
    await expect(raced).rejects.toThrow('stopping');
  });

  it('rejects at once on a signal already aborted, and leaves no unhandled rejection behind', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(untilAborted(Promise.reject(new Error('late')), controller.signal)).rejects.toThrow('gone');
  });

  it('stops listening once the promise settles', async () => {
    const controller = new AbortController();
    await untilAborted(Promise.resolve(1), controller.signal);
    let heard = 0;
    controller.signal.addEventListener('abort', () => heard++);
    controller.abort();
    expect(heard).toBe(1); // only the listener added here
  });
});
