import { eq } from 'drizzle-orm';
import { roles } from './schema/index.js';
import type { Db } from './connection.js';
import { seededRights } from '../platform/access/model.js';
import { hasRights, writeRoleRights } from '../platform/access/queries.js';
import { getCompany } from '../platform/company.js';
import { seedCrmDefaults } from '../features/pipelines/defaults.js';
import { translator, type Locale } from '../platform/i18n/index.js';

/** The roles every installation starts with (SPEC.md, "Access rights"); names are shown translated. */
export const seededRoles = ['admin', 'director', 'head', 'manager'] as const;
export type SeededRole = (typeof seededRoles)[number];

/**
 * Idempotent: safe at every start. A seeded role gets its default rights when it has none yet (a new
 * installation, or one upgraded from before rights existed); rights an administrator set are kept.
 * The Administrator role always keeps every right, so an installation cannot lock itself out.
 */
export function seed(db: Db, now: number): void {
  db.transaction(() => {
    for (const code of seededRoles) {
      db.insert(roles).values({ code, name: code, createdAt: now }).onConflictDoNothing().run();
      const role = db.select().from(roles).where(eq(roles.code, code)).get()!;
      if (code === 'admin' || !hasRights(db, role.id)) writeRoleRights(db, role.id, seededRights[code]);
    }
    // Installations set up before pipelines existed get theirs in the company's language.
    const company = getCompany(db);
    if (company) seedCrmDefaults(db, translator(company.locale as Locale), now);
  });
}
