import { and, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { leads } from '../../db/schema/index.js';
import { rowCondition } from '../../platform/access/index.js';
import { minorDigits } from '../../platform/format.js';
import { ValidationError } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { originOf, saveOrigin, utmKeys, utmOf } from '../../platform/records/origins.js';
import { timeZoneOf } from '../../platform/records/custom/index.js';
import { PAGE, isoWithOffset, startOf, yn } from '../../integrations/bitrix24/protocol.js';
import { defaultCurrency } from '../deals/service.js';
import { leadForm } from '../leads/form.js';
import * as leadQueries from '../leads/queries.js';
import { createLead, leadFor, leadFormValues, updateLead } from '../leads/service.js';
import { leadStatusCode, leadStatusId, sourceCode, sourceId } from './codes.js';
import { commsIn, commsOut, customIn, customOut, storedComms } from './fields.js';
import { filterOf, orderOf, selected, type Filterable } from './list.js';
import { asFlag, asText, commsPost, fieldsOf, idOf, overlay, responsibleOf, type Acting, type Plain } from './records.js';

/** crm.lead.add, .get, .update, .list with Bitrix24's field names, through the leads service and the token user's rights. */
const ENTITY = 'lead';

function plain(ctx: AppContext): Plain[] {
  return [
    { bitrix: 'TITLE', input: 'title' },
    { bitrix: 'NAME', input: 'firstName' },
    { bitrix: 'LAST_NAME', input: 'lastName' },
    { bitrix: 'SECOND_NAME', input: 'middleName' },
    { bitrix: 'COMPANY_TITLE', input: 'companyTitle' },
    { bitrix: 'POST', input: 'position' },
    { bitrix: 'COMMENTS', input: 'comments' },
    { bitrix: 'OPPORTUNITY', input: 'amount' },
    { bitrix: 'CURRENCY_ID', input: 'currency' },
    { bitrix: 'STATUS_ID', input: 'statusId', read: (v) => String(leadStatusId(ctx.db, v) ?? '') },
    { bitrix: 'SOURCE_ID', input: 'sourceId', read: (v) => String(sourceId(ctx.db, v) ?? '') },
    { bitrix: 'OPENED', input: 'everyone', read: asFlag },
  ];
}

function parsed(post: Record<string, unknown>) {
  const form = parseForm(leadForm, post);
  if (!form.ok) throw new ValidationError(form.errors);
  return form.data;
}

export function leadAdd(ctx: AppContext, acting: Acting, params: Record<string, unknown>): number {
  const fields = fieldsOf(params);
  const comms = commsIn(fields);
  const person = [asText(fields.NAME), asText(fields.LAST_NAME)].filter(Boolean).join(' ');
  const base = {
    title: person || comms[0]?.value || acting.source,
    statusId: String(leadStatusId(ctx.db, 'NEW')),
    currency: defaultCurrency(ctx),
    responsibleId: responsibleOf(ctx, fields, acting.user.id),
  };
  const post: Record<string, unknown> = { ...overlay(fields, plain(ctx), base), responsibleId: base.responsibleId, comms: commsPost(comms), ...customIn(ctx.db, ENTITY, fields) };
  // An empty TITLE or an unknown STATUS_ID is Bitrix24's default, not an error.
  if (!post.title) post.title = base.title;
  if (!post.statusId) post.statusId = base.statusId;
  return ctx.sqlite.transaction(() => {
    const lead = createLead(ctx, acting.user, parsed(post), { channel: 'rest', source: acting.source });
    const utm = utmOf(null, Object.fromEntries(utmKeys.map((k) => [k, fields[k.toUpperCase()]])));
    saveOrigin(ctx.db, ENTITY, lead.id, { channel: 'rest', formId: null, sourceName: acting.source, pageUrl: null, referrer: null, utm }, ctx.clock.now());
    return lead.id;
  })();
}

export function leadUpdate(ctx: AppContext, acting: Acting, params: Record<string, unknown>): true {
  const lead = leadFor(ctx, acting.user, idOf(params), 'edit');
  const fields = fieldsOf(params);
  const base = leadFormValues(ctx, acting.user, lead);
  const post = {
    ...overlay(fields, plain(ctx), base),
    ...('ASSIGNED_BY_ID' in fields ? { responsibleId: responsibleOf(ctx, fields, lead.responsibleId) } : {}),
    comms: commsPost(commsIn(fields, storedComms(ctx.db, ENTITY, lead.id))),
    ...customIn(ctx.db, ENTITY, fields),
  };
  updateLead(ctx, acting.user, lead.id, parsed(post));
  return true;
}

const money = (minor: number, currency: string) => (minor / 10 ** minorDigits(currency)).toFixed(minorDigits(currency));

function answer(ctx: AppContext, acting: Acting, lead: leadQueries.LeadRow): Record<string, unknown> {
  const tz = timeZoneOf(ctx.db, acting.user);
  const status = leadStatusCode(ctx.db, lead.statusId);
  const origin = originOf(ctx.db, ENTITY, lead.id);
  const comms = storedComms(ctx.db, ENTITY, lead.id);
  return {
    ID: String(lead.id),
    TITLE: lead.title,
    NAME: lead.firstName,
    SECOND_NAME: lead.middleName,
    LAST_NAME: lead.lastName,
    COMPANY_TITLE: lead.companyTitle,
    COMPANY_ID: lead.companyId ? String(lead.companyId) : null,
    CONTACT_ID: lead.contactId ? String(lead.contactId) : null,
    SOURCE_ID: sourceCode(ctx.db, lead.sourceId),
    STATUS_ID: status.code,
    STATUS_SEMANTIC_ID: status.semantic,
    POST: lead.position,
    COMMENTS: lead.comments,
    CURRENCY_ID: lead.currency,
    OPPORTUNITY: money(lead.amountMinor, lead.currency),
    HAS_PHONE: yn(comms.some((c) => c.kind === 'phone')),
    HAS_EMAIL: yn(comms.some((c) => c.kind === 'email')),
    OPENED: yn(lead.everyone),
    ASSIGNED_BY_ID: String(lead.responsibleId),
    CREATED_BY_ID: lead.createdBy ? String(lead.createdBy) : '0',
    DATE_CREATE: isoWithOffset(lead.createdAt, tz),
    DATE_MODIFY: isoWithOffset(lead.updatedAt, tz),
    DATE_CLOSED: lead.convertedAt ? isoWithOffset(lead.convertedAt, tz) : '',
    UTM_SOURCE: origin?.utmSource ?? null,
    UTM_MEDIUM: origin?.utmMedium ?? null,
    UTM_CAMPAIGN: origin?.utmCampaign ?? null,
    UTM_CONTENT: origin?.utmContent ?? null,
    UTM_TERM: origin?.utmTerm ?? null,
    ...customOut(ctx.db, ENTITY, lead.custom),
    ...commsOut(comms),
  };
}

export function leadGet(ctx: AppContext, acting: Acting, params: Record<string, unknown>): Record<string, unknown> {
  return answer(ctx, acting, leadFor(ctx, acting.user, idOf(params), 'read'));
}

function filterable(ctx: AppContext): Record<string, Filterable> {
  return {
    ID: { kind: 'number', column: leads.id },
    TITLE: { kind: 'text', column: leads.title },
    NAME: { kind: 'text', column: leads.firstName },
    LAST_NAME: { kind: 'text', column: leads.lastName },
    COMPANY_TITLE: { kind: 'text', column: leads.companyTitle },
    STATUS_ID: { kind: 'number', column: leads.statusId, read: (v) => leadStatusId(ctx.db, v) },
    SOURCE_ID: { kind: 'number', column: leads.sourceId, read: (v) => sourceId(ctx.db, v) },
    ASSIGNED_BY_ID: { kind: 'number', column: leads.responsibleId },
    OPENED: { kind: 'yn', column: leads.everyone },
    DATE_CREATE: { kind: 'date', column: leads.createdAt },
    DATE_MODIFY: { kind: 'date', column: leads.updatedAt },
    PHONE: { kind: 'comm', entity: ENTITY, idColumn: leads.id, comm: 'phone' },
    EMAIL: { kind: 'comm', entity: ENTITY, idColumn: leads.id, comm: 'email' },
  };
}

/** 50 leads the token's user may read from `start`, with `total` and, when there are more, `next`. */
export function leadList(ctx: AppContext, acting: Acting, params: Record<string, unknown>): { result: unknown[]; total: number; next?: number } {
  const where = and(isNull(leads.deletedAt), rowCondition(ctx.db, acting.user, ENTITY, 'read', { responsible: leads.responsibleId, everyone: leads.everyone }), filterOf(filterable(ctx), params.filter));
  const order = orderOf({ ID: leads.id, TITLE: leads.title, DATE_CREATE: leads.createdAt, DATE_MODIFY: leads.updatedAt, STATUS_ID: leads.statusRank, ASSIGNED_BY_ID: leads.responsibleId }, params.order, leads.id);
  const start = startOf(params.start);
  const total = ctx.db.select({ n: sql<number>`count(*)` }).from(leads).where(where).get()!.n;
  const rows = ctx.db.select().from(leads).where(where).orderBy(...order).limit(PAGE).offset(start).all();
  const result = rows.map((row) => selected(params.select, answer(ctx, acting, row)));
  return start + PAGE < total ? { result, total, next: start + PAGE } : { result, total };
}
