import type { AppContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import { assertRecord, mayEntity, mayRecord } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { moneyInput, parseMoney } from '../../platform/money.js';
import { commKinds, commSummary, loadComms, normalize, saveComms, type Comm } from '../../platform/records/communications.js';
import { recordChanges, recordEvent } from '../../platform/records/history.js';
import { notifyAssigned, notifyCaptured } from '../../platform/notifications/index.js';
import { emit } from '../../platform/events.js';
import type { Capture } from '../../platform/records/capture.js';
import { inReferenceList, isActiveUser, recordedReference, userName } from '../../platform/records/names.js';
import type { BulkAction } from '../../platform/records/list/spec.js';
import { indexRecord, unindexRecord } from '../../platform/records/search.js';
import { leadForm, leadName, type LeadInput } from './form.js';
import { asFormValues, withChangedField } from '../../platform/records/inline.js';
import { customFormValues, customShown, readCustom } from '../../platform/records/custom/index.js';
import { repricedRows, writeRows, type RowInput } from '../product-rows/service.js';
import * as q from './queries.js';
import { recordedName } from '../../platform/records/builtin.js';

const ENTITY = 'lead';

type LeadFields = Omit<LeadInput, 'amount' | 'comms' | 'custom'> & { amountMinor: number; custom: string };

export function shown(db: Db, l: LeadFields, comms: Comm[]): Record<string, unknown> {
  return {
    title: l.title,
    lastName: l.lastName,
    firstName: l.firstName,
    middleName: l.middleName,
    companyTitle: l.companyTitle,
    position: l.position,
    status: recordedName('status', q.findStatus(db, l.statusId)),
    source: recordedReference(db, l.sourceId),
    amount: `${moneyInput(l.amountMinor, l.currency)} ${l.currency}`,
    responsible: userName(db, l.responsibleId),
    everyone: l.everyone ? '✓' : null,
    comments: l.comments,
    phone: commSummary(comms, 'phone'),
    email: commSummary(comms, 'email'),
    web: commSummary(comms, 'web'),
    im: commSummary(comms, 'im'),
    ...customShown(db, ENTITY, l.custom),
  };
}

/** `user` null: lead capture, which asks nobody's rights (see captureLead). */
function validated(ctx: AppContext, user: CurrentUser | null, input: LeadInput, stored?: string): LeadFields {
  const custom = readCustom(ctx.db, user, ENTITY, input.custom, stored);
  const errors: FieldErrors = { ...custom.errors };
  const status = q.findStatus(ctx.db, input.statusId);
  // "Converted" is reached by converting, not by choosing it.
  if (!status || status.semantics === 'converted') errors.statusId = { key: 'validation.invalid' };
  if (!isActiveUser(ctx.db, input.responsibleId)) errors.responsibleId = { key: 'validation.invalid' };
  if (!inReferenceList(ctx.db, 'source', input.sourceId)) errors.sourceId = { key: 'validation.invalid' };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const { amount, comms: _comms, custom: _posted, ...rest } = input;
  return { ...rest, amountMinor: amount === '' ? 0 : parseMoney(amount, input.currency)!, custom: custom.json };
}

export function reindex(ctx: AppContext, id: number, l: LeadFields | q.LeadRow, comms: Comm[]): void {
  indexRecord(ctx.db, ENTITY, id, [l.title, leadName(l), l.companyTitle, ...comms.map((c) => c.value), ...comms.filter((c) => c.kind === 'phone').map((c) => normalize('phone', c.value))]);
}

/**
 * A user makes a lead, with their rights. `from` marks one that arrived from outside acting as that
 * user (the lead API or a Bitrix24-style webhook with an integration token): its responsible is told
 * "new lead via …" even when that is the user the token acts as. An import tells nobody (`notify: false`).
 */
export function createLead(ctx: AppContext, user: CurrentUser, input: LeadInput, from?: Capture, options: { notify?: boolean } = {}): q.LeadRow {
  if (!mayEntity(user, ENTITY, 'add')) throw new ForbiddenError();
  const fields = validated(ctx, user, input);
  if (!mayRecord(ctx.db, user, ENTITY, 'add', { responsibleId: fields.responsibleId })) throw new ValidationError({ responsibleId: { key: 'records.error.responsibleOutOfScope' } });
  const tell = options.notify === false
    ? () => {}
    : (lead: { entity: 'lead'; id: number; responsibleId: number; title: string }) =>
        from ? notifyCaptured(ctx, null, from.source, lead) : notifyAssigned(ctx, user, { entity: ENTITY, id: lead.id, responsibleId: lead.responsibleId, title: lead.title });
  return insertNew(ctx, user.id, fields, input.comms, tell, from?.channel ?? null);
}

/**
 * Lead capture makes a lead for nobody (a web form): no one's rights are asked, the form decided the
 * responsible. The same checks, history, search index and event as createLead; `by` is the manager who
 * sent the submission on from moderation (history names them), null when it came in directly.
 */
export function captureLead(ctx: AppContext, input: LeadInput, from: Capture & { by: number | null }): q.LeadRow {
  const fields = validated(ctx, null, input);
  return insertNew(ctx, from.by, fields, input.comms, (lead) => notifyCaptured(ctx, from.by, from.source, lead), from.channel);
}

function insertNew(ctx: AppContext, by: number | null, fields: LeadFields, comms: Comm[], tell: (lead: { entity: 'lead'; id: number; responsibleId: number; title: string }) => void, channel: string | null): q.LeadRow {
  const now = ctx.clock.now();
  return ctx.sqlite.transaction(() => {
    const lead = q.insertLead(ctx.db, { ...fields, createdBy: by, createdAt: now, updatedAt: now });
    saveComms(ctx.db, ENTITY, lead.id, comms);
    recordEvent(ctx.db, { entity: ENTITY, entityId: lead.id, at: now, userId: by, kind: 'created' });
    tell({ entity: ENTITY, id: lead.id, responsibleId: fields.responsibleId, title: fields.title });
    reindex(ctx, lead.id, fields, comms);
    emit(ctx, { type: 'record.created', entity: ENTITY, id: lead.id, by, channel });
    return lead;
  })();
}

export function leadFor(ctx: AppContext, user: CurrentUser, id: number, action: 'read' | 'edit' | 'delete'): q.LeadRow {
  const lead = q.findLead(ctx.db, id);
  if (!lead) throw new NotFoundError();
  assertRecord(ctx.db, user, ENTITY, action, lead);
  return lead;
}

/** `also` runs first in the same transaction (the product rows repriced into a new currency). */
function applyChange(ctx: AppContext, user: CurrentUser, before: q.LeadRow, fields: LeadFields, comms: Comm[], also?: () => void): void {
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    also?.();
    const oldComms = loadComms(ctx.db, ENTITY, [before.id]).get(before.id) ?? [];
    const changed = recordChanges(ctx.db, { entity: ENTITY, entityId: before.id, at: now, userId: user.id }, shown(ctx.db, before, oldComms), shown(ctx.db, fields, comms));
    if (changed.length === 0) return;
    q.updateLead(ctx.db, before.id, { ...fields, updatedAt: now });
    if (changed.includes('responsible')) notifyAssigned(ctx, user, { entity: ENTITY, id: before.id, responsibleId: fields.responsibleId, title: fields.title });
    saveComms(ctx.db, ENTITY, before.id, comms);
    reindex(ctx, before.id, fields, comms);
  })();
}

export function updateLead(ctx: AppContext, user: CurrentUser, id: number, input: LeadInput): void {
  const before = leadFor(ctx, user, id, 'edit');
  if (before.convertedAt) throw new ValidationError({ statusId: { key: 'leads.error.converted' } });
  const fields = validated(ctx, user, input, before.custom);
  // As for deals: with product rows the amount follows them, and a new currency reprices them.
  const rows = repricedRows(ctx.db, ENTITY, id, before.currency, fields.currency);
  if (!rows) return applyChange(ctx, user, before, fields, input.comms);
  applyChange(ctx, user, before, fields, input.comms, () => {
    fields.amountMinor = writeRows(ctx, user.id, ENTITY, id, rows).totals.totalMinor;
  });
}

/** New product rows on the lead; a converted lead's rows went to its deal and stay as they were. */
export function saveLeadRows(ctx: AppContext, user: CurrentUser, id: number, rows: RowInput[]): void {
  const before = leadFor(ctx, user, id, 'edit');
  if (before.convertedAt) throw new ConflictError('leads.error.converted');
  ctx.sqlite.transaction(() => {
    const written = writeRows(ctx, user.id, ENTITY, id, rows);
    if (written.count > 0) applyChange(ctx, user, before, { ...before, amountMinor: written.totals.totalMinor }, loadComms(ctx.db, ENTITY, [id]).get(id) ?? []);
  })();
}

/** The stored lead as its edit form posts it, communications grouped by kind. */
export function leadFormValues(ctx: AppContext, user: CurrentUser, lead: q.LeadRow): Record<string, unknown> {
  const comms = loadComms(ctx.db, ENTITY, [lead.id]).get(lead.id) ?? [];
  return {
    ...asFormValues({
      ...lead,
      amount: lead.amountMinor ? moneyInput(lead.amountMinor, lead.currency) : '',
      comms: Object.fromEntries(commKinds.map((k) => [k, comms.filter((c) => c.kind === k)])),
    }),
    ...customFormValues(ctx.db, user, ENTITY, lead.custom),
  };
}

/** One field changed in place on the lead page: the full form's checks, history and search index. */
export function changeLeadField(ctx: AppContext, user: CurrentUser, id: number, posted: Record<string, unknown>, names: readonly string[]): void {
  const before = leadFor(ctx, user, id, 'edit');
  updateLead(ctx, user, id, withChangedField(leadForm, leadFormValues(ctx, user, before), posted, names));
}

/** A kanban drag or the status bar: only the status changes; "converted" only through conversion. */
export function setLeadStatus(ctx: AppContext, user: CurrentUser, id: number, statusId: number): void {
  const before = leadFor(ctx, user, id, 'edit');
  const status = q.findStatus(ctx.db, statusId);
  if (!status || status.semantics === 'converted' || before.convertedAt) throw new ValidationError({ statusId: { key: 'leads.error.convertOnly' } });
  applyChange(ctx, user, before, { ...before, statusId }, loadComms(ctx.db, ENTITY, [id]).get(id) ?? []);
}

/**
 * A bulk action on selected leads, all or nothing like bulkDeals: every lead is checked against the
 * user's rights first (404 unseen, 403 not allowed), then all change in one transaction, each with its
 * own history. A converted lead, or the "converted" status, refuses the whole status change.
 */
export function bulkLeads(ctx: AppContext, user: CurrentUser, ids: number[], action: Extract<BulkAction, { kind: 'assign' | 'status' | 'delete' }>): number {
  const records = [...new Set(ids)].map((id) => leadFor(ctx, user, id, action.kind === 'delete' ? 'delete' : 'edit'));
  if (action.kind === 'assign' && !isActiveUser(ctx.db, action.responsibleId)) throw new ValidationError({ responsibleId: { key: 'validation.invalid' } });
  ctx.sqlite.transaction(() => {
    for (const lead of records) {
      if (action.kind === 'delete') deleteLead(ctx, user, lead.id);
      else if (action.kind === 'status') setLeadStatus(ctx, user, lead.id, action.statusId);
      else applyChange(ctx, user, lead, { ...lead, responsibleId: action.responsibleId }, loadComms(ctx.db, ENTITY, [lead.id]).get(lead.id) ?? []);
    }
  })();
  return records.length;
}

export function deleteLead(ctx: AppContext, user: CurrentUser, id: number): void {
  leadFor(ctx, user, id, 'delete');
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    q.updateLead(ctx.db, id, { deletedAt: now, deletedBy: user.id });
    recordEvent(ctx.db, { entity: ENTITY, entityId: id, at: now, userId: user.id, kind: 'deleted' });
    unindexRecord(ctx.db, ENTITY, id);
  })();
}

export function restoreLead(ctx: AppContext, user: CurrentUser, id: number): void {
  const lead = q.findDeletedLead(ctx.db, id);
  if (!lead) throw new NotFoundError();
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    q.updateLead(ctx.db, id, { deletedAt: null, deletedBy: null });
    recordEvent(ctx.db, { entity: ENTITY, entityId: id, at: now, userId: user.id, kind: 'restored' });
    reindex(ctx, id, lead, loadComms(ctx.db, ENTITY, [id]).get(id) ?? []);
  })();
}
