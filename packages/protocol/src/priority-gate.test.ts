import { describe, expect, it } from 'vitest';
import { GateRejection, PriorityGate } from './priority-gate';

async function settled<T>(promise: Promise<T>): Promise<'pending' | 'resolved' | 'rejected'> {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => {
      state = 'resolved';
    },
    () => {
      state = 'rejected';
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
}

describe('PriorityGate', () => {
  it('lets callers in up to its concurrency, then queues them', async () => {
    const gate = new PriorityGate({ concurrency: 2 });
    await gate.acquire();
    await gate.acquire();
    const third = gate.acquire();
    expect(await settled(third)).toBe('pending');
    expect(gate.waiting).toBe(1);
    expect(gate.running).toBe(2);
  });

  it('admits waiting callers highest priority first', async () => {
    const gate = new PriorityGate({ concurrency: 1 });
    const first = await gate.acquire();
    const order: string[] = [];
    const waiters = (
      [
        ['low', 1],
        ['high', 100],
        ['mid', 50],
        ['low-2', 1],
      ] as const
    ).map(([name, priority]) =>
      gate.acquire(priority).then((lease) => {
        order.push(name);
        lease.release();
      }),
    );
    first.release();
    await Promise.all(waiters);
    expect(order).toEqual(['high', 'mid', 'low', 'low-2']);
  });

  it('releases a slot only once', async () => {
    const gate = new PriorityGate({ concurrency: 1 });
    const lease = await gate.acquire();
    lease.release();
    lease.release();
    expect(gate.running).toBe(0);
  });

  it('drops a waiter whose signal aborts, with the signal reason', async () => {
    const gate = new PriorityGate({ concurrency: 1 });
    const held = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(0, controller.signal);
    controller.abort(new Error('timed out'));
    await expect(waiting).rejects.toThrow('timed out');
    expect(gate.waiting).toBe(0);
    held.release();
    expect(gate.running).toBe(0);
    await expect(gate.acquire(0, controller.signal)).rejects.toThrow('timed out');
  });

  it('turns newcomers away when the line is full, unless they outrank someone waiting', async () => {
    const gate = new PriorityGate({ concurrency: 1, maxWaiting: 2 });
    await gate.acquire();
    const a = gate.acquire(5);
    const b = gate.acquire(1);
    await expect(gate.acquire(1)).rejects.toMatchObject({ code: 'QueueFull' });
    const c = gate.acquire(9);
    await expect(b).rejects.toMatchObject({ code: 'Shed' });
    expect(await settled(a)).toBe('pending');
    expect(await settled(c)).toBe('pending');
  });

  it('turns everyone waiting away when closed', async () => {
    const gate = new PriorityGate({ concurrency: 1 });
    const held = await gate.acquire();
    const waiting = gate.acquire();
    gate.close();
    await expect(waiting).rejects.toBeInstanceOf(GateRejection);
    await expect(gate.acquire()).rejects.toMatchObject({ code: 'Closed' });
    held.release();
  });
});
