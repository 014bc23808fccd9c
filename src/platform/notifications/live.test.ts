import { afterEach, describe, expect, it, vi } from 'vitest';
import { testContext } from '../../../test/support/context.js';
import { endSessionStreams, listen, poke, type Listener } from './live.js';

afterEach(() => vi.useRealTimers());

function tab(userId: number, sessionId: string, alive = () => true) {
  const seen = { flushes: 0, beats: 0, ended: false };
  const listener: Listener = {
    userId,
    sessionId,
    flush: () => void seen.flushes++,
    beat: () => (seen.beats++, alive()),
    end: () => void (seen.ended = true),
  };
  return { listener, seen };
}

describe('live delivery hub', () => {
  it('pokes only the recipient’s tabs, once per turn however many notifications, after the current code ends', async () => {
    const { db } = testContext();
    const a1 = tab(1, 's1');
    const a2 = tab(1, 's2');
    const b = tab(2, 's3');
    const stops = [a1, a2, b].map((t) => listen(db, t.listener));
    poke(db, 1);
    poke(db, 1);
    expect(a1.seen.flushes).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect([a1.seen.flushes, a2.seen.flushes, b.seen.flushes]).toEqual([1, 1, 0]);
    stops.forEach((stop) => stop());
  });

  it('ends the tabs of a session that signed out, and those whose session is gone at a heartbeat', () => {
    vi.useFakeTimers();
    const { db } = testContext();
    let sessionValid = true;
    const signedOut = tab(1, 'gone');
    const expiring = tab(1, 'idle', () => sessionValid);
    const other = tab(2, 'other');
    const stops = [signedOut, expiring, other].map((t) => listen(db, t.listener));
    endSessionStreams(db, 'gone');
    expect([signedOut.seen.ended, expiring.seen.ended, other.seen.ended]).toEqual([true, false, false]);

    vi.advanceTimersByTime(25_000);
    expect([expiring.seen.beats, other.seen.beats, signedOut.seen.beats]).toEqual([1, 1, 0]);
    sessionValid = false;
    vi.advanceTimersByTime(25_000);
    expect([expiring.seen.ended, other.seen.ended]).toEqual([true, false]);
    stops.forEach((stop) => stop());
  });
});
