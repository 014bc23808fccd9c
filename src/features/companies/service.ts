import type { AppContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import { inReferenceList, isActiveUser, recordedReference, userName } from '../../platform/records/names.js';
import { assertRecord, mayEntity, mayRecord } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { commKinds, commSummary, loadComms, normalize, saveComms, type Comm } from '../../platform/records/communications.js';
import { recordChanges, recordEvent } from '../../platform/records/history.js';
import type { BulkAction } from '../../platform/records/list/spec.js';
import { notifyAssigned } from '../../platform/notifications/index.js';
import { emit } from '../../platform/events.js';
import { indexRecord, unindexRecord } from '../../platform/records/search.js';
import { companyForm, type CompanyInput } from './form.js';
import { asFormValues, withChangedField } from '../../platform/records/inline.js';
import { customFormValues, customShown, readCustom } from '../../platform/records/custom/index.js';
import * as q from './queries.js';

const ENTITY = 'company';

/** The fields as history shows them: names instead of ids, communications as one line per kind. */
export function shown(db: Db, c: Omit<CompanyInput, 'comms' | 'custom'> & { custom: string }, comms: CompanyInput['comms']): Record<string, unknown> {
  return {
    title: c.title,
    type: recordedReference(db, c.typeId),
    industry: recordedReference(db, c.industryId),
    responsible: userName(db, c.responsibleId),
    legalName: c.legalName,
    taxId: c.taxId,
    kpp: c.kpp,
    ogrn: c.ogrn,
    bankName: c.bankName,
    bankBik: c.bankBik,
    bankAccount: c.bankAccount,
    corrAccount: c.corrAccount,
    legalAddress: c.legalAddress,
    address: c.address,
    comments: c.comments,
    phone: commSummary(comms, 'phone'),
    email: commSummary(comms, 'email'),
    web: commSummary(comms, 'web'),
    im: commSummary(comms, 'im'),
    ...customShown(db, ENTITY, c.custom),
  };
}

function check(ctx: AppContext, user: CurrentUser, input: CompanyInput, stored?: string): string {
  const custom = readCustom(ctx.db, user, ENTITY, input.custom, stored);
  const errors: FieldErrors = { ...custom.errors };
  if (!isActiveUser(ctx.db, input.responsibleId)) errors.responsibleId = { key: 'validation.invalid' };
  if (!inReferenceList(ctx.db, 'companyType', input.typeId)) errors.typeId = { key: 'validation.invalid' };
  if (!inReferenceList(ctx.db, 'industry', input.industryId)) errors.industryId = { key: 'validation.invalid' };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return custom.json;
}

/** What finds a company: its names, tax id, and every communication (phones also as bare digits). */
export function reindex(ctx: AppContext, id: number, c: { title: string; legalName: string | null; taxId: string | null }, comms: Comm[]): void {
  indexRecord(ctx.db, ENTITY, id, [c.title, c.legalName, c.taxId, ...comms.map((x) => x.value), ...comms.filter((x) => x.kind === 'phone').map((x) => normalize('phone', x.value))]);
}

/** `notify: false` leaves telling the responsible to the caller (a lead's conversion sends one notification for all it made). */
export function createCompany(ctx: AppContext, user: CurrentUser, input: CompanyInput, options: { notify?: boolean } = {}): q.CompanyRow {
  if (!mayEntity(user, ENTITY, 'add')) throw new ForbiddenError();
  const custom = check(ctx, user, input);
  if (!mayRecord(ctx.db, user, ENTITY, 'add', { responsibleId: input.responsibleId })) throw new ValidationError({ responsibleId: { key: 'records.error.responsibleOutOfScope' } });
  const now = ctx.clock.now();
  const { comms, custom: _posted, ...rest } = input;
  const fields = { ...rest, custom };
  return ctx.sqlite.transaction(() => {
    const company = q.insertCompany(ctx.db, { ...fields, createdBy: user.id, createdAt: now, updatedAt: now });
    saveComms(ctx.db, ENTITY, company.id, comms);
    recordEvent(ctx.db, { entity: ENTITY, entityId: company.id, at: now, userId: user.id, kind: 'created' });
    if (options.notify !== false) notifyAssigned(ctx, user, { entity: ENTITY, id: company.id, responsibleId: company.responsibleId, title: company.title });
    reindex(ctx, company.id, fields, comms);
    emit(ctx, { type: 'record.created', entity: ENTITY, id: company.id, by: user.id, channel: null });
    return company;
  })();
}

/** Loads a company for this user and action: outside the read scope it does not exist (404). */
export function companyFor(ctx: AppContext, user: CurrentUser, id: number, action: 'read' | 'edit' | 'delete'): q.CompanyRow {
  const company = q.findCompany(ctx.db, id);
  if (!company) throw new NotFoundError();
  assertRecord(ctx.db, user, ENTITY, action, company);
  return company;
}

export function updateCompany(ctx: AppContext, user: CurrentUser, id: number, input: CompanyInput): void {
  const before = companyFor(ctx, user, id, 'edit');
  const custom = check(ctx, user, input, before.custom);
  const now = ctx.clock.now();
  const { comms, custom: _posted, ...rest } = input;
  const fields = { ...rest, custom };
  ctx.sqlite.transaction(() => {
    const oldComms = loadComms(ctx.db, ENTITY, [id]).get(id) ?? [];
    const changed = recordChanges(ctx.db, { entity: ENTITY, entityId: id, at: now, userId: user.id }, shown(ctx.db, before, oldComms), shown(ctx.db, fields, comms));
    if (changed.length === 0) return;
    q.updateCompany(ctx.db, id, { ...fields, updatedAt: now });
    if (changed.includes('responsible')) notifyAssigned(ctx, user, { entity: ENTITY, id, responsibleId: fields.responsibleId, title: fields.title });
    saveComms(ctx.db, ENTITY, id, comms);
    reindex(ctx, id, fields, comms);
  })();
}

/**
 * A bulk action on selected companies, all or nothing like bulkDeals: every one is checked against the
 * user's rights first (404 unseen, 403 not allowed), then all change in one transaction, each
 * reassignment with its history entry.
 */
export function bulkCompanies(ctx: AppContext, user: CurrentUser, ids: number[], action: Extract<BulkAction, { kind: 'assign' | 'delete' }>): number {
  const records = [...new Set(ids)].map((id) => companyFor(ctx, user, id, action.kind === 'delete' ? 'delete' : 'edit'));
  if (action.kind === 'assign' && !isActiveUser(ctx.db, action.responsibleId)) throw new ValidationError({ responsibleId: { key: 'validation.invalid' } });
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    for (const record of records) {
      if (action.kind === 'delete') {
        deleteCompany(ctx, user, record.id);
        continue;
      }
      const changed = recordChanges(ctx.db, { entity: ENTITY, entityId: record.id, at: now, userId: user.id }, { responsible: userName(ctx.db, record.responsibleId) }, { responsible: userName(ctx.db, action.responsibleId) });
      if (changed.length) q.updateCompany(ctx.db, record.id, { responsibleId: action.responsibleId, updatedAt: now });
    }
  })();
  return records.length;
}

/** The stored company as its edit form posts it, communications grouped by kind. */
export function companyFormValues(ctx: AppContext, user: CurrentUser, company: q.CompanyRow): Record<string, unknown> {
  const comms = loadComms(ctx.db, ENTITY, [company.id]).get(company.id) ?? [];
  return { ...asFormValues({ ...company, comms: Object.fromEntries(commKinds.map((k) => [k, comms.filter((c) => c.kind === k)])) }), ...customFormValues(ctx.db, user, ENTITY, company.custom) };
}

/** One field changed in place on the company page: the full form's checks, history and search index. */
export function changeCompanyField(ctx: AppContext, user: CurrentUser, id: number, posted: Record<string, unknown>, names: readonly string[]): void {
  const before = companyFor(ctx, user, id, 'edit');
  updateCompany(ctx, user, id, withChangedField(companyForm, companyFormValues(ctx, user, before), posted, names));
}

/** Deleting moves the company to the recycle bin; an administrator can restore it with its history. */
export function deleteCompany(ctx: AppContext, user: CurrentUser, id: number): void {
  companyFor(ctx, user, id, 'delete');
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    q.updateCompany(ctx.db, id, { deletedAt: now, deletedBy: user.id });
    recordEvent(ctx.db, { entity: ENTITY, entityId: id, at: now, userId: user.id, kind: 'deleted' });
    unindexRecord(ctx.db, ENTITY, id);
  })();
}

export function restoreCompany(ctx: AppContext, user: CurrentUser, id: number): void {
  const company = q.findDeletedCompany(ctx.db, id);
  if (!company) throw new NotFoundError();
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    q.updateCompany(ctx.db, id, { deletedAt: null, deletedBy: null });
    recordEvent(ctx.db, { entity: ENTITY, entityId: id, at: now, userId: user.id, kind: 'restored' });
    reindex(ctx, id, company, loadComms(ctx.db, ENTITY, [id]).get(id) ?? []);
  })();
}
