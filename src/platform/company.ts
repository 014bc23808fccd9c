import { eq } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { company } from '../db/schema/index.js';
import { prepared } from '../db/prepared.js';
import { memo } from '../db/memo.js';

export type Company = typeof company.$inferSelect;

/** The company row; null until the setup wizard (or `create-admin`) has finished. */
export function getCompany(db: Db): Company | null {
  return memo(db, 'company', () => prepared(db, 'company', () => db.select().from(company).where(eq(company.id, 1)).prepare()).get() ?? null);
}
