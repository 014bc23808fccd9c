import { eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { distributionState, users } from '../db/schema/index.js';
import { getCompany } from './company.js';
import { toLocalInput } from './format.js';

/**
 * Round-robin distribution of new work among chosen users (SPEC.md, "Automation": "round-robin among
 * a group skipping absent users"), shared by web forms, the lead API, the 1C exchange and automation.
 *
 * A rotation is named by its caller (`form:12`) and remembers only who got the last item. The next
 * item goes to the first of the chosen users after that one, in the order given, who is active and
 * not absent today (absent "until and including" a day of the company's time zone, docs/decisions.md
 * "Absence"); a user who left the list, or a rotation never used, starts at the top of the list.
 * When every active chosen user is absent, the next active one gets it anyway: work must have an
 * owner, and an absent colleague's manager sees it. Null only when no chosen user is active.
 *
 * Call it inside the transaction that makes the record: a record that fails to be written rolls the
 * rotation back with it, so nobody's turn is lost.
 */
export function nextInRotation(ctx: AppContext, key: string, userIds: readonly number[]): number | null {
  const chosen = [...new Set(userIds)];
  if (chosen.length === 0) return null;
  return ctx.sqlite.transaction(() => {
    const people = new Map(
      ctx.db.select({ id: users.id, isActive: users.isActive, absentUntil: users.absentUntil }).from(users).where(inArray(users.id, chosen)).all().map((u) => [u.id, u]),
    );
    const today = toLocalInput(ctx.clock.now(), getCompany(ctx.db)?.timeZone ?? 'UTC').slice(0, 10);
    const active = (id: number) => people.get(id)?.isActive === true;
    const present = (id: number) => active(id) && !(people.get(id)!.absentUntil && people.get(id)!.absentUntil! >= today);
    const last = ctx.db.select({ lastUserId: distributionState.lastUserId }).from(distributionState).where(eq(distributionState.key, key)).get()?.lastUserId;
    const from = last == null ? 0 : chosen.indexOf(last) + 1;
    const order = chosen.map((_, i) => chosen[(from + i) % chosen.length]!);
    const next = order.find(present) ?? order.find(active) ?? null;
    if (next === null) return null;
    const now = ctx.clock.now();
    ctx.db
      .insert(distributionState)
      .values({ key, lastUserId: next, updatedAt: now })
      .onConflictDoUpdate({ target: distributionState.key, set: { lastUserId: next, updatedAt: now } })
      .run();
    return next;
  })();
}

/** Forgets a rotation (its owner, e.g. a web form, was deleted). */
export function dropRotation(ctx: AppContext, key: string): void {
  ctx.db.delete(distributionState).where(eq(distributionState.key, key)).run();
}
