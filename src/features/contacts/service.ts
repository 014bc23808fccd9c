import type { AppContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import { assertRecord, mayEntity, mayRecord } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { commKinds, commSummary, loadComms, normalize, saveComms, type Comm } from '../../platform/records/communications.js';
import { recordChanges, recordEvent } from '../../platform/records/history.js';
import { notifyAssigned } from '../../platform/notifications/index.js';
import { emit } from '../../platform/events.js';
import type { Capture } from '../../platform/records/capture.js';
import { inReferenceList, isActiveUser, recordedReference, userName } from '../../platform/records/names.js';
import type { BulkAction } from '../../platform/records/list/spec.js';
import { indexRecord, unindexRecord } from '../../platform/records/search.js';
import { contactForm, fullNameOf, type ContactInput } from './form.js';
import { asFormValues, withChangedField } from '../../platform/records/inline.js';
import { customFormValues, customShown, readCustom } from '../../platform/records/custom/index.js';
import * as q from './queries.js';

const ENTITY = 'contact';

export function shown(db: Db, c: Omit<ContactInput, 'comms' | 'custom'> & { custom: string }, comms: Comm[]): Record<string, unknown> {
  return {
    lastName: c.lastName,
    firstName: c.firstName,
    middleName: c.middleName,
    position: c.position,
    type: recordedReference(db, c.typeId),
    source: recordedReference(db, c.sourceId),
    birthday: c.birthday,
    responsible: userName(db, c.responsibleId),
    companies: q
      .companiesByIds(db, c.companyIds)
      .map((x) => x.title)
      .sort()
      .join(', '),
    comments: c.comments,
    phone: commSummary(comms, 'phone'),
    email: commSummary(comms, 'email'),
    web: commSummary(comms, 'web'),
    im: commSummary(comms, 'im'),
    ...customShown(db, ENTITY, c.custom),
  };
}

/** Linking a contact to a company needs the right to see that company; unknown ids are refused. `user` null: lead capture, which asks nobody's rights. */
function check(ctx: AppContext, user: CurrentUser | null, input: ContactInput, keep: number[] = [], stored?: string): string {
  const custom = readCustom(ctx.db, user, ENTITY, input.custom, stored);
  const errors: FieldErrors = { ...custom.errors };
  if (!isActiveUser(ctx.db, input.responsibleId)) errors.responsibleId = { key: 'validation.invalid' };
  if (!inReferenceList(ctx.db, 'contactType', input.typeId)) errors.typeId = { key: 'validation.invalid' };
  if (!inReferenceList(ctx.db, 'source', input.sourceId)) errors.sourceId = { key: 'validation.invalid' };
  const found = q.companiesByIds(ctx.db, input.companyIds);
  const allowed = found.filter((c) => keep.includes(c.id) || user === null || mayRecord(ctx.db, user, 'company', 'read', c));
  if (allowed.length !== new Set(input.companyIds).size) errors.companyIds = { key: 'validation.invalid' };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return custom.json;
}

export function reindex(ctx: AppContext, id: number, c: { lastName: string | null; firstName: string | null; middleName: string | null; position: string | null }, companyIds: number[], comms: Comm[]): void {
  const companyTitles = q.companiesByIds(ctx.db, companyIds).map((x) => x.title);
  indexRecord(ctx.db, ENTITY, id, [fullNameOf(c), c.position, ...companyTitles, ...comms.map((x) => x.value), ...comms.filter((x) => x.kind === 'phone').map((x) => normalize('phone', x.value))]);
}

/** `notify: false` leaves telling the responsible to the caller (a lead's conversion sends one notification for all it made). */
export function createContact(ctx: AppContext, user: CurrentUser, input: ContactInput, options: { notify?: boolean } = {}): q.ContactRow {
  if (!mayEntity(user, ENTITY, 'add')) throw new ForbiddenError();
  const custom = check(ctx, user, input);
  if (!mayRecord(ctx.db, user, ENTITY, 'add', { responsibleId: input.responsibleId })) throw new ValidationError({ responsibleId: { key: 'records.error.responsibleOutOfScope' } });
  const tell = (contact: q.ContactRow) => {
    if (options.notify !== false) notifyAssigned(ctx, user, { entity: ENTITY, id: contact.id, responsibleId: contact.responsibleId, title: contact.fullName });
  };
  return insertNew(ctx, user.id, input, custom, tell, null);
}

/**
 * Lead capture makes the contact of a web form's deal for nobody: no one's rights are asked (see
 * captureLead). Its responsible hears of the deal, not of the contact as well.
 */
export function captureContact(ctx: AppContext, input: ContactInput, from: Capture & { by: number | null }): q.ContactRow {
  return insertNew(ctx, from.by, input, check(ctx, null, input), () => {}, from.channel);
}

function insertNew(ctx: AppContext, by: number | null, input: ContactInput, custom: string, tell: (contact: q.ContactRow) => void, channel: string | null): q.ContactRow {
  const now = ctx.clock.now();
  const { comms, companyIds, custom: _posted, ...rest } = input;
  const fields = { ...rest, custom };
  return ctx.sqlite.transaction(() => {
    const contact = q.insertContact(ctx.db, { ...fields, fullName: fullNameOf(fields), createdBy: by, createdAt: now, updatedAt: now });
    q.setContactCompanies(ctx.db, contact.id, [...new Set(companyIds)]);
    saveComms(ctx.db, ENTITY, contact.id, comms);
    recordEvent(ctx.db, { entity: ENTITY, entityId: contact.id, at: now, userId: by, kind: 'created' });
    tell(contact);
    reindex(ctx, contact.id, fields, companyIds, comms);
    emit(ctx, { type: 'record.created', entity: ENTITY, id: contact.id, by, channel });
    return contact;
  })();
}

export function contactFor(ctx: AppContext, user: CurrentUser, id: number, action: 'read' | 'edit' | 'delete'): q.ContactRow {
  const contact = q.findContact(ctx.db, id);
  if (!contact) throw new NotFoundError();
  assertRecord(ctx.db, user, ENTITY, action, contact);
  return contact;
}

export function updateContact(ctx: AppContext, user: CurrentUser, id: number, input: ContactInput): void {
  const before = contactFor(ctx, user, id, 'edit');
  const beforeCompanies = q.companyIdsOf(ctx.db, id);
  const custom = check(ctx, user, input, beforeCompanies, before.custom);
  const now = ctx.clock.now();
  const { comms, companyIds, custom: _posted, ...rest } = input;
  const fields = { ...rest, custom };
  ctx.sqlite.transaction(() => {
    const oldComms = loadComms(ctx.db, ENTITY, [id]).get(id) ?? [];
    const changed = recordChanges(
      ctx.db,
      { entity: ENTITY, entityId: id, at: now, userId: user.id },
      shown(ctx.db, { ...before, companyIds: beforeCompanies }, oldComms),
      shown(ctx.db, { ...fields, companyIds }, comms),
    );
    if (changed.length === 0) return;
    q.updateContact(ctx.db, id, { ...fields, fullName: fullNameOf(fields), updatedAt: now });
    if (changed.includes('responsible')) notifyAssigned(ctx, user, { entity: ENTITY, id, responsibleId: fields.responsibleId, title: fullNameOf(fields) });
    q.setContactCompanies(ctx.db, id, [...new Set(companyIds)]);
    saveComms(ctx.db, ENTITY, id, comms);
    reindex(ctx, id, fields, companyIds, comms);
  })();
}

/**
 * A bulk action on selected contacts, all or nothing like bulkDeals: every one is checked against the
 * user's rights first (404 unseen, 403 not allowed), then all change in one transaction, each
 * reassignment with its history entry.
 */
export function bulkContacts(ctx: AppContext, user: CurrentUser, ids: number[], action: Extract<BulkAction, { kind: 'assign' | 'delete' }>): number {
  const records = [...new Set(ids)].map((id) => contactFor(ctx, user, id, action.kind === 'delete' ? 'delete' : 'edit'));
  if (action.kind === 'assign' && !isActiveUser(ctx.db, action.responsibleId)) throw new ValidationError({ responsibleId: { key: 'validation.invalid' } });
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    for (const record of records) {
      if (action.kind === 'delete') {
        deleteContact(ctx, user, record.id);
        continue;
      }
      const changed = recordChanges(ctx.db, { entity: ENTITY, entityId: record.id, at: now, userId: user.id }, { responsible: userName(ctx.db, record.responsibleId) }, { responsible: userName(ctx.db, action.responsibleId) });
      if (changed.length) q.updateContact(ctx.db, record.id, { responsibleId: action.responsibleId, updatedAt: now });
    }
  })();
  return records.length;
}

/** The stored contact as its edit form posts it: companies as ids, communications grouped by kind. */
export function contactFormValues(ctx: AppContext, user: CurrentUser, contact: q.ContactRow): Record<string, unknown> {
  const comms = loadComms(ctx.db, ENTITY, [contact.id]).get(contact.id) ?? [];
  return {
    ...asFormValues({
      ...contact,
      companyIds: q.companyIdsOf(ctx.db, contact.id).map(String),
      comms: Object.fromEntries(commKinds.map((k) => [k, comms.filter((c) => c.kind === k)])),
    }),
    ...customFormValues(ctx.db, user, ENTITY, contact.custom),
  };
}

/** One field changed in place on the contact page: the full form's checks, history and search index. */
export function changeContactField(ctx: AppContext, user: CurrentUser, id: number, posted: Record<string, unknown>, names: readonly string[]): void {
  const before = contactFor(ctx, user, id, 'edit');
  updateContact(ctx, user, id, withChangedField(contactForm, contactFormValues(ctx, user, before), posted, names));
}

export function deleteContact(ctx: AppContext, user: CurrentUser, id: number): void {
  contactFor(ctx, user, id, 'delete');
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    q.updateContact(ctx.db, id, { deletedAt: now, deletedBy: user.id });
    recordEvent(ctx.db, { entity: ENTITY, entityId: id, at: now, userId: user.id, kind: 'deleted' });
    unindexRecord(ctx.db, ENTITY, id);
  })();
}

export function restoreContact(ctx: AppContext, user: CurrentUser, id: number): void {
  const contact = q.findDeletedContact(ctx.db, id);
  if (!contact) throw new NotFoundError();
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    q.updateContact(ctx.db, id, { deletedAt: null, deletedBy: null });
    recordEvent(ctx.db, { entity: ENTITY, entityId: id, at: now, userId: user.id, kind: 'restored' });
    reindex(ctx, id, contact, q.companyIdsOf(ctx.db, id), loadComms(ctx.db, ENTITY, [id]).get(id) ?? []);
  })();
}
