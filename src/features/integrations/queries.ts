import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { integrationTokens, users } from '../../db/schema/index.js';

export type TokenRow = typeof integrationTokens.$inferSelect;

export function insertToken(db: Db, values: typeof integrationTokens.$inferInsert): TokenRow {
  return db.insert(integrationTokens).values(values).returning().get();
}

export function listTokens(db: Db) {
  return db
    .select({ token: integrationTokens, userName: users.fullName, userActive: users.isActive })
    .from(integrationTokens)
    .innerJoin(users, eq(users.id, integrationTokens.userId))
    .orderBy(desc(integrationTokens.id))
    .all();
}

export function findTokenByHash(db: Db, hash: string): TokenRow | null {
  return db.select().from(integrationTokens).where(eq(integrationTokens.tokenHash, hash)).get() ?? null;
}

export function findToken(db: Db, id: number): TokenRow | null {
  return db.select().from(integrationTokens).where(eq(integrationTokens.id, id)).get() ?? null;
}

export function deleteToken(db: Db, id: number): void {
  db.delete(integrationTokens).where(eq(integrationTokens.id, id)).run();
}

export function touchToken(db: Db, id: number, at: number): void {
  db.update(integrationTokens).set({ lastUsedAt: at }).where(eq(integrationTokens.id, id)).run();
}
