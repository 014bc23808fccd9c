import { and, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { deals } from '../../db/schema/index.js';
import { rowCondition } from '../../platform/access/index.js';
import { ValidationError } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { dayStart, minorDigits } from '../../platform/format.js';
import { saveOrigin, utmKeys, utmOf } from '../../platform/records/origins.js';
import { timeZoneOf } from '../../platform/records/custom/index.js';
import { PAGE, isoWithOffset, startOf, yn } from '../../integrations/bitrix24/protocol.js';
import { contactForm } from '../contacts/form.js';
import { createContact } from '../contacts/service.js';
import { dealFormChecked } from '../deals/form.js';
import type { DealRow } from '../deals/queries.js';
import { createDeal, defaultCurrency } from '../deals/service.js';
import { categoryOf, pipelineId, sourceCode, sourceId, stageCode, stageId } from './codes.js';
import { commsIn, customIn, customOut } from './fields.js';
import { filterOf, orderOf, selected, type Filterable } from './list.js';
import { asDay, asFlag, commsPost, fieldsOf, overlay, responsibleOf, type Acting, type Plain } from './records.js';

/** crm.contact.add, crm.deal.add and crm.deal.list with Bitrix24's field names, through our services and the token user's rights. */

function valid<T>(form: { ok: true; data: T } | { ok: false; errors: ConstructorParameters<typeof ValidationError>[0] }): T {
  if (!form.ok) throw new ValidationError(form.errors);
  return form.data;
}

export function contactAdd(ctx: AppContext, acting: Acting, params: Record<string, unknown>): number {
  const fields = fieldsOf(params);
  const companies = [fields.COMPANY_ID, ...(Array.isArray(fields.COMPANY_IDS) ? fields.COMPANY_IDS : [])].map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const plain: Plain[] = [
    { bitrix: 'NAME', input: 'firstName' },
    { bitrix: 'LAST_NAME', input: 'lastName' },
    { bitrix: 'SECOND_NAME', input: 'middleName' },
    { bitrix: 'POST', input: 'position' },
    { bitrix: 'COMMENTS', input: 'comments' },
    { bitrix: 'BIRTHDATE', input: 'birthday', read: asDay },
    { bitrix: 'SOURCE_ID', input: 'sourceId', read: (v) => String(sourceId(ctx.db, v) ?? '') },
  ];
  const post = {
    ...overlay(fields, plain, {}),
    responsibleId: responsibleOf(ctx, fields, acting.user.id),
    companyIds: [...new Set(companies)].map(String),
    comms: commsPost(commsIn(fields)),
    ...customIn(ctx.db, 'contact', fields),
  };
  return createContact(ctx, acting.user, valid(parseForm(contactForm, post))).id;
}

export function dealAdd(ctx: AppContext, acting: Acting, params: Record<string, unknown>): number {
  const fields = fieldsOf(params);
  const pipeline = pipelineId(ctx.db, fields.CATEGORY_ID);
  const plain: Plain[] = [
    { bitrix: 'TITLE', input: 'title' },
    { bitrix: 'OPPORTUNITY', input: 'amount' },
    { bitrix: 'CURRENCY_ID', input: 'currency' },
    { bitrix: 'PROBABILITY', input: 'probability' },
    { bitrix: 'CONTACT_ID', input: 'contactId', read: (v) => (Number(v) > 0 ? String(Number(v)) : '') },
    { bitrix: 'COMPANY_ID', input: 'companyId', read: (v) => (Number(v) > 0 ? String(Number(v)) : '') },
    { bitrix: 'CLOSEDATE', input: 'expectedClose', read: asDay },
    { bitrix: 'COMMENTS', input: 'comments' },
    { bitrix: 'SOURCE_ID', input: 'sourceId', read: (v) => String(sourceId(ctx.db, v) ?? '') },
    { bitrix: 'OPENED', input: 'everyone', read: asFlag },
  ];
  const post: Record<string, unknown> = {
    ...overlay(fields, plain, { currency: defaultCurrency(ctx) }),
    stageId: String(stageId(ctx.db, fields.STAGE_ID, pipeline)),
    responsibleId: responsibleOf(ctx, fields, acting.user.id),
    ...customIn(ctx.db, 'deal', fields),
  };
  // Bitrix24 names a deal without TITLE by its number; ours is named by the integration.
  if (!post.title) post.title = acting.source;
  return ctx.sqlite.transaction(() => {
    const deal = createDeal(ctx, acting.user, valid(parseForm(dealFormChecked, post)), { from: { channel: 'rest', source: acting.source } });
    const utm = utmOf(null, Object.fromEntries(utmKeys.map((k) => [k, fields[k.toUpperCase()]])));
    saveOrigin(ctx.db, 'deal', deal.id, { channel: 'rest', formId: null, sourceName: acting.source, pageUrl: null, referrer: null, utm }, ctx.clock.now());
    return deal.id;
  })();
}

function answer(ctx: AppContext, acting: Acting, deal: DealRow): Record<string, unknown> {
  const tz = timeZoneOf(ctx.db, acting.user);
  const digits = minorDigits(deal.currency);
  return {
    ID: String(deal.id),
    TITLE: deal.title,
    CATEGORY_ID: categoryOf(ctx.db, deal.pipelineId),
    STAGE_ID: stageCode(ctx.db, deal.stageId, deal.pipelineId),
    STAGE_SEMANTIC_ID: deal.closedAt === null ? 'P' : stageCode(ctx.db, deal.stageId, deal.pipelineId).endsWith('WON') ? 'S' : 'F',
    CLOSED: yn(deal.closedAt !== null),
    OPPORTUNITY: (deal.amountMinor / 10 ** digits).toFixed(digits),
    CURRENCY_ID: deal.currency,
    PROBABILITY: deal.probability === null ? null : String(deal.probability),
    CONTACT_ID: deal.contactId ? String(deal.contactId) : null,
    COMPANY_ID: deal.companyId ? String(deal.companyId) : null,
    SOURCE_ID: sourceCode(ctx.db, deal.sourceId),
    COMMENTS: deal.comments,
    OPENED: yn(deal.everyone),
    ASSIGNED_BY_ID: String(deal.responsibleId),
    CREATED_BY_ID: deal.createdBy ? String(deal.createdBy) : '0',
    CLOSEDATE: deal.expectedClose ? isoWithOffset(dayStart(deal.expectedClose, tz), tz) : '',
    DATE_CREATE: isoWithOffset(deal.createdAt, tz),
    DATE_MODIFY: isoWithOffset(deal.updatedAt, tz),
    ...customOut(ctx.db, 'deal', deal.custom),
  };
}

function filterable(ctx: AppContext): Record<string, Filterable> {
  return {
    ID: { kind: 'number', column: deals.id },
    TITLE: { kind: 'text', column: deals.title },
    CATEGORY_ID: { kind: 'number', column: deals.pipelineId, read: (v) => pipelineId(ctx.db, v) },
    STAGE_ID: { kind: 'number', column: deals.stageId, read: (v) => stageId(ctx.db, v, pipelineId(ctx.db, 0)) },
    CONTACT_ID: { kind: 'number', column: deals.contactId },
    COMPANY_ID: { kind: 'number', column: deals.companyId },
    ASSIGNED_BY_ID: { kind: 'number', column: deals.responsibleId },
    OPPORTUNITY: { kind: 'number', column: deals.amountMinor, read: (v) => Math.round(Number(v) * 10 ** minorDigits(defaultCurrency(ctx))) },
    OPENED: { kind: 'yn', column: deals.everyone },
    DATE_CREATE: { kind: 'date', column: deals.createdAt },
    DATE_MODIFY: { kind: 'date', column: deals.updatedAt },
  };
}

export function dealList(ctx: AppContext, acting: Acting, params: Record<string, unknown>): { result: unknown[]; total: number; next?: number } {
  const where = and(isNull(deals.deletedAt), rowCondition(ctx.db, acting.user, 'deal', 'read', { responsible: deals.responsibleId, everyone: deals.everyone }), filterOf(filterable(ctx), params.filter));
  const order = orderOf({ ID: deals.id, TITLE: deals.title, DATE_CREATE: deals.createdAt, DATE_MODIFY: deals.updatedAt, OPPORTUNITY: deals.amountMinor, STAGE_ID: deals.stageRank, ASSIGNED_BY_ID: deals.responsibleId }, params.order, deals.id);
  const start = startOf(params.start);
  const total = ctx.db.select({ n: sql<number>`count(*)` }).from(deals).where(where).get()!.n;
  const rows = ctx.db.select().from(deals).where(where).orderBy(...order).limit(PAGE).offset(start).all();
  const result = rows.map((row) => selected(params.select, answer(ctx, acting, row)));
  return start + PAGE < total ? { result, total, next: start + PAGE } : { result, total };
}
