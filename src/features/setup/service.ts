import type { AppContext } from '../../context.js';
import { company } from '../../db/schema/index.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import { getCompany } from '../../platform/company.js';
import { insertUser, roleByCode, setUserRoles, type UserRow } from '../users/queries.js';
import { passwordError } from '../users/service.js';
import type { SetupInput } from './form.js';
import { seedCrmDefaults } from '../pipelines/defaults.js';
import { translator } from '../../platform/i18n/index.js';

export function setupPending(ctx: AppContext): boolean {
  return getCompany(ctx.db) === null;
}

/**
 * Creates the company and its first administrator. Everything is checked before anything is written,
 * and the write is one transaction that first re-checks that setup is still pending: of two browsers
 * finishing at the same moment exactly one succeeds; the other gets a ConflictError.
 */
export async function completeSetup(ctx: AppContext, input: Omit<SetupInput, 'passwordConfirm'>): Promise<UserRow> {
  if (!setupPending(ctx)) throw new ConflictError('setup.alreadyDone');
  const pw = passwordError(input.password, input.email);
  if (pw) throw new ValidationError({ password: pw });
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  return ctx.sqlite.transaction(() => {
    if (!setupPending(ctx)) throw new ConflictError('setup.alreadyDone');
    ctx.db
      .insert(company)
      .values({
        id: 1,
        name: input.companyName,
        legalName: input.legalName,
        taxId: input.taxId,
        address: input.address,
        phone: input.phone,
        timeZone: input.timeZone,
        baseCurrency: input.baseCurrency,
        locale: input.locale,
        createdAt: now,
      })
      .run();
    const admin = insertUser(ctx.db, {
      email: input.email,
      fullName: input.fullName,
      passwordHash,
      locale: input.locale,
      createdAt: now,
      updatedAt: now,
    });
    setUserRoles(ctx.db, admin.id, [roleByCode(ctx.db, 'admin')!.id]);
    seedCrmDefaults(ctx.db, translator(input.locale), now);
    return admin;
  }).immediate();
}
