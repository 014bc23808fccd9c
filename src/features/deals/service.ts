import type { AppContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import { assertRecord, mayEntity, mayRecord } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { getCompany } from '../../platform/company.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseMoney, moneyInput } from '../../platform/money.js';
import { recordChanges, recordEvent } from '../../platform/records/history.js';
import { notifyAssigned, notifyCaptured } from '../../platform/notifications/index.js';
import { emit } from '../../platform/events.js';
import type { Capture } from '../../platform/records/capture.js';
import { inReferenceList, isActiveUser, recordedReference, userName } from '../../platform/records/names.js';
import type { BulkAction } from '../../platform/records/list/spec.js';
import { recordedName } from '../../platform/records/builtin.js';
import { indexRecord, searchIds, unindexRecord } from '../../platform/records/search.js';
import { findCompany } from '../companies/queries.js';
import { findContact } from '../contacts/queries.js';
import { findPipeline } from '../pipelines/queries.js';
import { dealFormChecked, type BoardFilter, type DealInput } from './form.js';
import { and, eq, type SQL } from 'drizzle-orm';
import { dealTotals, deals } from '../../db/schema/index.js';
import { oneOf } from '../../platform/records/list/common.js';
import { asFormValues, withChangedField } from '../../platform/records/inline.js';
import { customFormValues, customShown, readCustom } from '../../platform/records/custom/index.js';
import { repricedRows, writeRows, type RowInput } from '../product-rows/service.js';
import * as q from './queries.js';

const ENTITY = 'deal';

/** The stored shape of a deal's editable fields, once validated. */
type DealFields = Omit<DealInput, 'amount' | 'custom'> & { amountMinor: number; pipelineId: number; custom: string };

/** A stage as history records it (a built-in one in each reader's language). */
function stageName(db: Db, id: number): string | null {
  return recordedName('stage', q.findStage(db, id));
}

function shown(db: Db, d: DealFields): Record<string, unknown> {
  return {
    title: d.title,
    pipeline: recordedName('pipeline', findPipeline(db, d.pipelineId)),
    stage: stageName(db, d.stageId),
    amount: `${moneyInput(d.amountMinor, d.currency)} ${d.currency}`,
    probability: d.probability,
    type: recordedReference(db, d.typeId),
    source: recordedReference(db, d.sourceId),
    expectedClose: d.expectedClose,
    contact: d.contactId ? (findContact(db, d.contactId)?.fullName ?? null) : null,
    company: d.companyId ? (findCompany(db, d.companyId)?.title ?? null) : null,
    responsible: userName(db, d.responsibleId),
    everyone: d.everyone ? '✓' : null,
    comments: d.comments,
    ...customShown(db, ENTITY, d.custom),
  };
}

/** Validates everything and turns the typed amount into minor units; the client must be visible to the user (`null`: lead capture, which asks nobody's rights). */
function validated(ctx: AppContext, user: CurrentUser | null, input: DealInput, keep: { contactId?: number | null; companyId?: number | null; custom?: string } = {}): DealFields {
  const custom = readCustom(ctx.db, user, ENTITY, input.custom, keep.custom);
  const errors: FieldErrors = { ...custom.errors };
  const { amount, custom: _posted, ...rest } = input;
  const amountMinor = amount === '' ? 0 : parseMoney(amount, input.currency);
  if (amountMinor === null || amountMinor < 0) errors.amount = { key: 'validation.money' };
  const stage = q.findStage(ctx.db, input.stageId);
  if (!stage) errors.stageId = { key: 'validation.invalid' };
  if (!isActiveUser(ctx.db, input.responsibleId)) errors.responsibleId = { key: 'validation.invalid' };
  if (!inReferenceList(ctx.db, 'dealType', input.typeId)) errors.typeId = { key: 'validation.invalid' };
  if (!inReferenceList(ctx.db, 'source', input.sourceId)) errors.sourceId = { key: 'validation.invalid' };
  if (input.contactId !== null && input.contactId !== keep.contactId) {
    const contact = findContact(ctx.db, input.contactId);
    if (!contact || (user && !mayRecord(ctx.db, user, 'contact', 'read', contact))) errors.contactId = { key: 'validation.invalid' };
  }
  if (input.companyId !== null && input.companyId !== keep.companyId) {
    const company = findCompany(ctx.db, input.companyId);
    if (!company || (user && !mayRecord(ctx.db, user, 'company', 'read', company))) errors.companyId = { key: 'validation.invalid' };
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { ...rest, amountMinor: amountMinor!, pipelineId: stage!.pipelineId, custom: custom.json };
}

/** A deal entering a won or lost stage is closed now; moving back to an open stage reopens it. */
function closedAtFor(db: Db, stageId: number, previous: number | null, now: number): number | null {
  const semantics = q.findStage(db, stageId)?.semantics;
  if (semantics === 'open') return null;
  return previous ?? now;
}

export function reindex(ctx: AppContext, id: number, d: { title: string; contactId: number | null; companyId: number | null }): void {
  indexRecord(ctx.db, ENTITY, id, [
    d.title,
    d.contactId ? findContact(ctx.db, d.contactId)?.fullName : null,
    d.companyId ? findCompany(ctx.db, d.companyId)?.title : null,
  ]);
}

/**
 * The kanban filter as conditions on the deals and on their trigger-kept totals. Text is looked up in
 * the search index (as the list's quick search: at least three characters, up to 1000 matches); a
 * text too short for it filters nothing and says so.
 */
export function boardConditions(ctx: AppContext, filter: BoardFilter): { cards: SQL | undefined; totals: SQL | undefined; byText: boolean; tooShort: boolean } {
  const ids = filter.q ? searchIds(ctx.db, ENTITY, filter.q) : null;
  const byText = ids !== null;
  const responsible = filter.responsible ? eq(deals.responsibleId, filter.responsible) : undefined;
  return {
    cards: and(responsible, byText ? oneOf(deals.id, ids) : undefined),
    totals: filter.responsible ? eq(dealTotals.responsibleId, filter.responsible) : undefined,
    byText,
    tooShort: Boolean(filter.q) && !byText,
  };
}

export function defaultCurrency(ctx: AppContext): string {
  return getCompany(ctx.db)?.baseCurrency ?? 'RUB';
}

/**
 * A user makes a deal, with their rights; `from` as for createLead (a Bitrix24-style webhook acting as
 * the user). `notify: false` leaves telling the responsible to the caller (a lead's conversion sends
 * one notification for all it made).
 */
export function createDeal(ctx: AppContext, user: CurrentUser, input: DealInput, options: { notify?: boolean; from?: Capture } = {}): q.DealRow {
  const { from } = options;
  if (!mayEntity(user, ENTITY, 'add')) throw new ForbiddenError();
  const fields = validated(ctx, user, input);
  if (!mayRecord(ctx.db, user, ENTITY, 'add', { responsibleId: fields.responsibleId })) throw new ValidationError({ responsibleId: { key: 'records.error.responsibleOutOfScope' } });
  const tell = (deal: { entity: 'deal'; id: number; responsibleId: number; title: string }) => {
    if (options.notify === false) return;
    if (from) notifyCaptured(ctx, null, from.source, deal);
    else notifyAssigned(ctx, user, deal);
  };
  return insertNew(ctx, user.id, fields, tell, from?.channel ?? null);
}

/** Lead capture makes a web form's deal for nobody: no one's rights are asked (see captureLead). */
export function captureDeal(ctx: AppContext, input: DealInput, from: Capture & { by: number | null }): q.DealRow {
  return insertNew(ctx, from.by, validated(ctx, null, input), (deal) => notifyCaptured(ctx, from.by, from.source, deal), from.channel);
}

function insertNew(ctx: AppContext, by: number | null, fields: DealFields, tell: (deal: { entity: 'deal'; id: number; responsibleId: number; title: string }) => void, channel: string | null): q.DealRow {
  const now = ctx.clock.now();
  return ctx.sqlite.transaction(() => {
    const deal = q.insertDeal(ctx.db, { ...fields, closedAt: closedAtFor(ctx.db, fields.stageId, null, now), createdBy: by, createdAt: now, updatedAt: now });
    recordEvent(ctx.db, { entity: ENTITY, entityId: deal.id, at: now, userId: by, kind: 'created' });
    tell({ entity: ENTITY, id: deal.id, responsibleId: fields.responsibleId, title: fields.title });
    reindex(ctx, deal.id, fields);
    emit(ctx, { type: 'record.created', entity: ENTITY, id: deal.id, by, channel });
    return deal;
  })();
}

export function dealFor(ctx: AppContext, user: CurrentUser, id: number, action: 'read' | 'edit' | 'delete'): q.DealRow {
  const deal = q.findDeal(ctx.db, id);
  if (!deal) throw new NotFoundError();
  assertRecord(ctx.db, user, ENTITY, action, deal);
  return deal;
}

/** `also` runs first in the same transaction (the product rows repriced into a new currency). */
function applyChange(ctx: AppContext, user: CurrentUser, before: q.DealRow, fields: DealFields, also?: () => void): void {
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    also?.();
    const changed = recordChanges(ctx.db, { entity: ENTITY, entityId: before.id, at: now, userId: user.id }, shown(ctx.db, before), shown(ctx.db, fields));
    if (changed.length === 0) return;
    q.updateDeal(ctx.db, before.id, { ...fields, closedAt: closedAtFor(ctx.db, fields.stageId, before.closedAt, now), updatedAt: now });
    if (changed.includes('responsible')) notifyAssigned(ctx, user, { entity: ENTITY, id: before.id, responsibleId: fields.responsibleId, title: fields.title });
    reindex(ctx, before.id, fields);
  })();
}

/**
 * A deal with product rows takes its amount from them (a typed amount is ignored); a new currency
 * reprices the rows at the current rates. A deal without rows keeps the amount typed.
 */
export function updateDeal(ctx: AppContext, user: CurrentUser, id: number, input: DealInput): void {
  const before = dealFor(ctx, user, id, 'edit');
  const fields = validated(ctx, user, input, before);
  const rows = repricedRows(ctx.db, ENTITY, id, before.currency, fields.currency);
  if (!rows) return applyChange(ctx, user, before, fields);
  applyChange(ctx, user, before, fields, () => {
    fields.amountMinor = writeRows(ctx, user.id, ENTITY, id, rows).totals.totalMinor;
  });
}

/** New product rows on the deal (the rows editor): the amount follows them unless there are none. */
export function saveDealRows(ctx: AppContext, user: CurrentUser, id: number, rows: RowInput[]): void {
  const before = dealFor(ctx, user, id, 'edit');
  ctx.sqlite.transaction(() => {
    const written = writeRows(ctx, user.id, ENTITY, id, rows);
    if (written.count > 0) applyChange(ctx, user, before, { ...before, amountMinor: written.totals.totalMinor });
  })();
}

/** The stored deal as its edit form posts it. */
export function dealFormValues(ctx: AppContext, user: CurrentUser, deal: q.DealRow): Record<string, unknown> {
  return { ...asFormValues({ ...deal, amount: deal.amountMinor ? moneyInput(deal.amountMinor, deal.currency) : '' }), ...customFormValues(ctx.db, user, ENTITY, deal.custom) };
}

/** One field changed in place on the deal page: the full form's checks, history and search index. */
export function changeDealField(ctx: AppContext, user: CurrentUser, id: number, posted: Record<string, unknown>, names: readonly string[]): void {
  const before = dealFor(ctx, user, id, 'edit');
  updateDeal(ctx, user, id, withChangedField(dealFormChecked, dealFormValues(ctx, user, before), posted, names));
}

/** A kanban drag: only the stage changes (within the deal's pipeline). */
export function moveDeal(ctx: AppContext, user: CurrentUser, id: number, stageId: number): q.DealRow {
  const before = dealFor(ctx, user, id, 'edit');
  const stage = q.findStage(ctx.db, stageId);
  if (!stage || stage.pipelineId !== before.pipelineId) throw new ValidationError({ stageId: { key: 'validation.invalid' } });
  applyChange(ctx, user, before, { ...before, stageId });
  return q.findDeal(ctx.db, id)!;
}

type DealBulkAction = Extract<BulkAction, { kind: 'assign' | 'stage' | 'delete' }>;

/**
 * A bulk action on selected deals: every deal is checked against the user's rights first (one outside
 * them refuses the whole action: 404 when unseen, 403 when not allowed), then all change in one
 * transaction, each with its own history entries.
 */
export function bulkDeals(ctx: AppContext, user: CurrentUser, ids: number[], action: DealBulkAction): number {
  const unique = [...new Set(ids)];
  const records = unique.map((id) => dealFor(ctx, user, id, action.kind === 'delete' ? 'delete' : 'edit'));
  if (action.kind === 'assign' && !isActiveUser(ctx.db, action.responsibleId)) throw new ValidationError({ responsibleId: { key: 'validation.invalid' } });
  ctx.sqlite.transaction(() => {
    for (const deal of records) {
      if (action.kind === 'delete') deleteDeal(ctx, user, deal.id);
      else if (action.kind === 'stage') moveDeal(ctx, user, deal.id, action.stageId);
      else applyChange(ctx, user, deal, { ...deal, responsibleId: action.responsibleId });
    }
  })();
  return records.length;
}

export function deleteDeal(ctx: AppContext, user: CurrentUser, id: number): void {
  dealFor(ctx, user, id, 'delete');
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    q.updateDeal(ctx.db, id, { deletedAt: now, deletedBy: user.id });
    recordEvent(ctx.db, { entity: ENTITY, entityId: id, at: now, userId: user.id, kind: 'deleted' });
    unindexRecord(ctx.db, ENTITY, id);
  })();
}

export function restoreDeal(ctx: AppContext, user: CurrentUser, id: number): void {
  const deal = q.findDeletedDeal(ctx.db, id);
  if (!deal) throw new NotFoundError();
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    q.updateDeal(ctx.db, id, { deletedAt: null, deletedBy: null });
    recordEvent(ctx.db, { entity: ENTITY, entityId: id, at: now, userId: user.id, kind: 'restored' });
    reindex(ctx, id, deal);
  })();
}
