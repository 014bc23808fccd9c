import type { AppContext } from '../context.js';
import type { Db } from '../db/connection.js';
import { recordRef, type RecordEntity } from './notifications/queries.js';

/**
 * Domain events: the hook point for what reacts to changes in the CRM without being part of them —
 * automation rules ("when a record is created…") first of all (SPEC.md, "Automation").
 *
 * A service emits an event inside its writing transaction; listeners hear it on the next turn of the
 * event loop, after that transaction has ended, and only when it committed (the record still exists):
 * a refused or rolled-back write is never heard, and a listener's own writes are its own transaction.
 * A listener that throws is logged and does not stop the others.
 */
export interface RecordCreated {
  type: 'record.created';
  entity: RecordEntity;
  id: number;
  /** The user who made it, or null when lead capture (a web form, the lead API with a form's token) did. */
  by: number | null;
  /** Where it came from when it came from outside: "form:12", "api", "rest" (Bitrix24-compatible webhooks). */
  channel: string | null;
}

export type DomainEvent = RecordCreated;
export type Listener = (ctx: AppContext, event: DomainEvent) => void;

interface Hub {
  listeners: Set<Listener>;
  pending: { ctx: AppContext; event: DomainEvent }[];
}

const hubs = new WeakMap<Db, Hub>();

function hub(db: Db): Hub {
  let h = hubs.get(db);
  if (!h) hubs.set(db, (h = { listeners: new Set(), pending: [] }));
  return h;
}

/** Subscribes to the domain events of one database; returns the function that unsubscribes. */
export function onDomainEvent(db: Db, listener: Listener): () => void {
  hub(db).listeners.add(listener);
  return () => hub(db).listeners.delete(listener);
}

/** Announces an event once the caller's transaction is over (see above). */
export function emit(ctx: AppContext, event: DomainEvent): void {
  const h = hub(ctx.db);
  if (h.pending.length === 0) setImmediate(() => deliver(h));
  h.pending.push({ ctx, event });
}

function deliver(h: Hub): void {
  for (const { ctx, event } of h.pending.splice(0)) {
    // Nobody listening, or the database closed meanwhile (shutdown, a test's end): nothing to tell.
    if (h.listeners.size === 0 || !ctx.sqlite.open) continue;
    if (!recordRef(ctx.db, event.entity, event.id)) continue;
    for (const listener of [...h.listeners]) {
      try {
        listener(ctx, event);
      } catch (err) {
        ctx.logger.error({ err, event }, 'domain event listener failed');
      }
    }
  }
}
