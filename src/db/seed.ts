import { roles } from './schema/index.js';
import type { Db } from './connection.js';

/** The roles every installation starts with (SPEC.md, "Access rights"); names are shown translated. */
export const seededRoles = ['admin', 'director', 'head', 'manager'] as const;
export type SeededRole = (typeof seededRoles)[number];

/** Idempotent: safe at every start. */
export function seed(db: Db, now: number): void {
  for (const code of seededRoles) {
    db.insert(roles).values({ code, name: code, createdAt: now }).onConflictDoNothing().run();
  }
}
