import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { deals, stages } from '../../db/schema/index.js';

/** A related-records panel: the live deals of a company or of a contact that meet `visible`, newest first. */
export function dealsOf(db: Db, by: { companyId: number } | { contactId: number }, visible: SQL | undefined, limit = 50) {
  return db
    .select({ id: deals.id, title: deals.title, amountMinor: deals.amountMinor, currency: deals.currency, stage: { name: stages.name, code: stages.code }, stageColor: stages.color })
    .from(deals)
    .leftJoin(stages, eq(stages.id, deals.stageId))
    .where(and(isNull(deals.deletedAt), 'companyId' in by ? eq(deals.companyId, by.companyId) : eq(deals.contactId, by.contactId), visible))
    .orderBy(desc(deals.id))
    .limit(limit)
    .all();
}
