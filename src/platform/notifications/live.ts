import type { Db } from '../../db/connection.js';

/**
 * Live delivery to open tabs (server-sent events). The hub only knows who listens; each listener
 * reads what it has not sent yet from the database itself. notify() pokes the recipient's listeners
 * on the next turn of the event loop, after the caller's synchronous transaction has ended: a
 * committed notification is then in the database, a rolled-back one is not, so nothing is sent that
 * was not saved, and a listener that sends by "id greater than the last one sent" never repeats one.
 */
export interface Listener {
  userId: number;
  sessionId: string;
  /** Sends whatever is new for this listener. */
  flush(): void;
  /** A heartbeat; returns false when the session behind the listener has ended. */
  beat(): boolean;
  /** Ends the response. */
  end(): void;
}

const HEARTBEAT_MS = 25_000;

class Hub {
  private listeners = new Set<Listener>();
  private pending = new Set<number>();
  private timer: NodeJS.Timeout | null = null;

  add(listener: Listener): () => void {
    this.listeners.add(listener);
    // unref: an open stream must never keep the process alive or delay shutdown.
    this.timer ??= setInterval(() => this.beatAll(), HEARTBEAT_MS).unref();
    return () => this.remove(listener);
  }

  private remove(listener: Listener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  poke(userId: number): void {
    if (this.pending.size === 0) setImmediate(() => this.flushPending());
    this.pending.add(userId);
  }

  private flushPending(): void {
    const users = new Set(this.pending);
    this.pending.clear();
    for (const l of [...this.listeners]) if (users.has(l.userId)) l.flush();
  }

  private beatAll(): void {
    for (const l of [...this.listeners]) if (!l.beat()) this.endWhere((x) => x === l);
  }

  endWhere(match: (l: Listener) => boolean): void {
    for (const l of [...this.listeners]) {
      if (!match(l)) continue;
      this.remove(l);
      l.end();
    }
  }
}

const hubs = new WeakMap<Db, Hub>();

function hub(db: Db): Hub {
  let h = hubs.get(db);
  if (!h) {
    h = new Hub();
    hubs.set(db, h);
  }
  return h;
}

/** Registers an open stream; returns the function that unregisters it (call it when the response closes). */
export function listen(db: Db, listener: Listener): () => void {
  return hub(db).add(listener);
}

/** Asks the user's open streams to send what is new, after the current transaction. */
export function poke(db: Db, userId: number): void {
  hub(db).poke(userId);
}

/** Ends the streams of a session (sign-out, session deleted). */
export function endSessionStreams(db: Db, sessionId: string): void {
  hub(db).endWhere((l) => l.sessionId === sessionId);
}

/** Ends every stream (graceful shutdown). */
export function endAllStreams(db: Db): void {
  hub(db).endWhere(() => true);
}
