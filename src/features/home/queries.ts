import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { deals, leadStatuses, leads, stages } from '../../db/schema/index.js';

/** My open deals (not in a won or lost stage), most recently changed first. */
export function myOpenDeals(db: Db, userId: number, limit = 10) {
  return db
    .select({ id: deals.id, title: deals.title, amountMinor: deals.amountMinor, currency: deals.currency, stage: { name: stages.name, code: stages.code }, color: stages.color })
    .from(deals)
    .innerJoin(stages, eq(stages.id, deals.stageId))
    .where(and(eq(deals.responsibleId, userId), isNull(deals.deletedAt), eq(stages.semantics, 'open')))
    .orderBy(desc(deals.updatedAt))
    .limit(limit)
    .all();
}

/** My leads still being worked (not converted, not junk), newest first. */
export function myNewLeads(db: Db, userId: number, limit = 10) {
  return db
    .select({ id: leads.id, title: leads.title, status: { name: leadStatuses.name, code: leadStatuses.code }, color: leadStatuses.color, createdAt: leads.createdAt })
    .from(leads)
    .innerJoin(leadStatuses, eq(leadStatuses.id, leads.statusId))
    .where(and(eq(leads.responsibleId, userId), isNull(leads.deletedAt), eq(leadStatuses.semantics, 'open')))
    .orderBy(desc(leads.id))
    .limit(limit)
    .all();
}
