import { sql } from 'drizzle-orm';
import type { AppContext } from '../../src/context.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createDeal } from '../../src/features/deals/service.js';
import { saveMailSettings } from '../../src/features/mail-settings/service.js';
import { DEFAULT_EXCLUSIONS } from '../../src/features/mail-settings/exclusions.js';

/** Records and settings the mail tests start from, made through the services as a user would. */
export const asUser = (ctx: AppContext, id: number) => toCurrentUser(ctx.db, findUser(ctx.db, id)!);

export function useSmtp(ctx: AppContext, port: number, options: { user?: string; password?: string; exclusions?: string } = {}): void {
  saveMailSettings(ctx, asUser(ctx, 1), {
    smtpHost: '127.0.0.1',
    smtpPort: port,
    smtpSecurity: 'none',
    smtpUser: options.user ?? null,
    smtpPassword: options.password ?? null,
    forgetPassword: false,
    fromEmail: 'sales@vector.test',
    exclusions: options.exclusions ?? `${DEFAULT_EXCLUSIONS}\nvector.test`,
    maxAttachmentMb: 1,
    testTo: '',
  });
}

export function makeContact(ctx: AppContext, options: { name?: [string, string]; email?: string | string[]; responsibleId?: number; companyIds?: number[] } = {}) {
  const [lastName, firstName] = options.name ?? ['Петров', 'Иван'];
  const emails = options.email === undefined ? ['ivan@client.test'] : [options.email].flat();
  return createContact(ctx, asUser(ctx, 1), {
    lastName,
    firstName,
    middleName: null,
    position: null,
    typeId: null,
    sourceId: null,
    birthday: null,
    comments: null,
    comms: emails.map((value) => ({ kind: 'email' as const, type: 'work', value })),
    companyIds: options.companyIds ?? [],
    responsibleId: options.responsibleId ?? 1,
  });
}

export function makeCompany(ctx: AppContext, options: { title?: string; email?: string; responsibleId?: number } = {}) {
  return createCompany(ctx, asUser(ctx, 1), {
    title: options.title ?? 'ООО Ромашка',
    typeId: null,
    industryId: null,
    legalName: null,
    taxId: null,
    kpp: null,
    ogrn: null,
    bankName: null,
    bankBik: null,
    bankAccount: null,
    corrAccount: null,
    legalAddress: null,
    address: null,
    comments: null,
    comms: options.email ? [{ kind: 'email', type: 'work', value: options.email }] : [],
    responsibleId: options.responsibleId ?? 1,
  });
}

export function makeDeal(ctx: AppContext, options: { title?: string; contactId?: number | null; companyId?: number | null; responsibleId?: number } = {}) {
  const stage = ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
  return createDeal(ctx, asUser(ctx, 1), {
    title: options.title ?? 'Поставка серверов',
    stageId: stage,
    amount: '150000',
    currency: 'RUB',
    probability: null,
    typeId: null,
    sourceId: null,
    expectedClose: null,
    contactId: options.contactId ?? null,
    companyId: options.companyId ?? null,
    responsibleId: options.responsibleId ?? 1,
    everyone: false,
    comments: null,
  });
}

export const rows = <T>(ctx: AppContext, query: string) => ctx.db.all<T>(sql.raw(query));
