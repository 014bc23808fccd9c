import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { deals, exchangeOrders } from '../../db/schema/index.js';
import { decimalOf } from '../../integrations/commerceml/amounts.js';
import type { CounterpartyOut, LineOut, OrderOut } from '../../integrations/commerceml/writer.js';
import { getCompany } from '../../platform/company.js';
import { minorDigits, toLocalInput } from '../../platform/format.js';
import { isLocale, translator, type MessageKey } from '../../platform/i18n/index.js';
import { PERCENT_DIGITS, QUANTITY_DIGITS } from '../../platform/money.js';
import { loadComms } from '../../platform/records/communications.js';
import { findProduct } from '../catalog/queries.js';
import { isUnitCode } from '../catalog/units.js';
import { findCompany } from '../companies/queries.js';
import { findContact } from '../contacts/queries.js';
import { rowsOf } from '../product-rows/service.js';
import { ORIGIN_1C } from './catalog-queries.js';
import * as q from './order-queries.js';
import { exchangeSettings } from './settings.js';

/**
 * Deals as orders for 1C (`mode=query`, or a file in the exchange folder): those in the stages the
 * settings send, changed since the last acknowledged exchange — not orders made in 1C, and not deals
 * whose last change was 1C's own import. Each keeps its Ид across exchanges (the store's or 1C's Ид
 * it came with, else "crm-<deal id>"); rows carry their products' 1C ids when the catalog has them,
 * and a row without a product named as delivery goes as 1C's ORDER_DELIVERY service.
 */
const DELIVERY = /доставк|delivery|shipping/i;

function exportStageIds(ctx: AppContext): number[] {
  const s = exchangeSettings(ctx.db);
  if (s.exportStageIds) return s.exportStageIds;
  const pipelineId = s.pipelineId ?? q.firstPipelineId(ctx.db);
  return pipelineId === null ? [] : q.stagesOfPipeline(ctx.db, pipelineId).map((st) => st.id);
}

function dealsToExport(ctx: AppContext, stageIds: number[], since: number): number[] {
  if (stageIds.length === 0) return [];
  return ctx.db
    .select({ id: deals.id })
    .from(deals)
    .leftJoin(exchangeOrders, eq(exchangeOrders.dealId, deals.id))
    .where(
      and(
        isNull(deals.deletedAt),
        inArray(deals.stageId, stageIds),
        gt(deals.updatedAt, since),
        or(isNull(exchangeOrders.dealId), and(sql`${exchangeOrders.origin} <> '1c'`, or(isNull(exchangeOrders.importedUpdatedAt), sql`${deals.updatedAt} > ${exchangeOrders.importedUpdatedAt}`))),
      ),
    )
    .orderBy(asc(deals.id))
    .all()
    .map((r) => r.id);
}

/** dd.mm.yyyy hh:mm:ss, as Bitrix writes "Дата изменения статуса". */
function siteStamp(ms: number, zone: string): string {
  const local = toLocalInput(ms, zone);
  const seconds = String(new Date(ms).getUTCSeconds()).padStart(2, '0');
  return `${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)} ${local.slice(11, 16)}:${seconds}`;
}

function counterpartyOf(ctx: AppContext, contactId: number | null, companyId: number | null, fallback: string): CounterpartyOut {
  const company = companyId ? findCompany(ctx.db, companyId) : null;
  const contact = contactId ? findContact(ctx.db, contactId) : null;
  const commsOf = (entity: 'contact' | 'company', id: number) =>
    (loadComms(ctx.db, entity, [id]).get(id) ?? []).flatMap((c) => (c.kind === 'email' ? [{ type: 'Почта', value: c.value }] : c.kind === 'phone' ? [{ type: 'Телефон рабочий', value: c.value }] : []));
  if (company) {
    return {
      id: q.partyExternalId(ctx.db, 'company', company.id) ?? `crm-company-${company.id}`,
      name: company.title,
      company: { officialName: company.legalName ?? company.title, inn: company.taxId ?? undefined, kpp: company.kpp ?? undefined },
      address: company.legalAddress ?? company.address ?? undefined,
      contacts: commsOf('company', company.id),
      ...(contact ? { representative: { id: q.partyExternalId(ctx.db, 'contact', contact.id) ?? `crm-contact-${contact.id}`, name: contact.fullName } } : {}),
    };
  }
  if (contact) {
    return {
      id: q.partyExternalId(ctx.db, 'contact', contact.id) ?? `crm-contact-${contact.id}`,
      name: contact.fullName,
      person: { lastName: contact.lastName ?? undefined, firstName: contact.firstName ?? undefined, middleName: contact.middleName ?? undefined },
      contacts: commsOf('contact', contact.id),
    };
  }
  return { id: 'crm-buyer', name: fallback, contacts: [] };
}

function linesOf(ctx: AppContext, owner: 'deal' | 'invoice', ownerId: number, currency: string, unitName: (code: string) => string): LineOut[] {
  const digits = minorDigits(currency);
  return rowsOf(ctx.db, owner, ownerId).map((r) => {
    const product = r.productId ? findProduct(ctx.db, r.productId) : null;
    const delivery = !r.productId && DELIVERY.test(r.name);
    const code = r.unitCode ?? '796';
    return {
      id: delivery ? 'ORDER_DELIVERY' : product?.origin === ORIGIN_1C && product.externalId ? product.externalId : r.productId ? `crm-product-${r.productId}` : `crm-row-${r.id}`,
      name: r.name,
      sku: r.sku ?? undefined,
      unit: { code, name: r.unitName ?? (isUnitCode(code) ? unitName(code) : 'шт'), ...(code === '796' ? { fullName: 'Штука', international: 'PCE' } : {}) },
      price: decimalOf(r.priceMinor, digits),
      quantity: decimalOf(r.quantity, QUANTITY_DIGITS),
      sum: decimalOf(r.totalMinor, digits),
      ...(r.discountMinor ? { discount: decimalOf(r.discountMinor, digits) } : {}),
      ...(r.vatBp !== null ? { vat: { rate: decimalOf(r.vatBp, PERCENT_DIGITS).replace(/\.?0+$/, ''), sum: decimalOf(r.vatMinor, digits), included: r.vatIncluded } } : {}),
      service: delivery,
    };
  });
}

/** Paid once won, or once at or past the stage 1C's "paid" moves deals to. */
function isPaid(ctx: AppContext, stage: ReturnType<typeof q.findStage>): boolean {
  if (!stage) return false;
  if (stage.semantics !== 'open') return stage.semantics === 'won';
  const paidId = exchangeSettings(ctx.db).stageMap.paid;
  const paid = paidId === null ? null : q.findStage(ctx.db, paidId);
  return Boolean(paid && paid.pipelineId === stage.pipelineId && paid.semantics === 'open' && stage.sort >= paid.sort);
}

/** How 1C reads an invoice's status (ЗначенияРеквизитов "Статус счета"). */
const invoiceStatusNames: Record<string, string> = { sent: 'Выставлен', partly_paid: 'Оплачен частично', paid: 'Оплачен', cancelled: 'Отменен' };

/**
 * The orders for 1C, each followed by its invoices ("Счет на оплату" documents naming their order in
 * "Ид заказа"); links deals sent for the first time to their new Ид. An invoice changed since the
 * last exchange goes out with its deal's Ид even when the deal itself has not changed.
 */
export function ordersOut(ctx: AppContext, since: number): OrderOut[] {
  const company = getCompany(ctx.db);
  const zone = company?.timeZone ?? 'UTC';
  const t = translator(isLocale(company?.locale) ? company.locale : 'ru');
  const unitName = (code: string) => t(`catalog.unit.${code}` as MessageKey);
  const stageIds = exportStageIds(ctx);
  const dealIds = dealsToExport(ctx, stageIds, since);
  const orders = dealIds.map((id) => {
    const deal = ctx.db.select().from(deals).where(eq(deals.id, id)).get()!;
    let link = q.linkOfDeal(ctx.db, id);
    if (!link) {
      q.insertLink(ctx.db, { dealId: id, exchangeId: `crm-${id}`, number: String(id), origin: 'crm', createdAt: ctx.clock.now() });
      link = q.linkOfDeal(ctx.db, id)!;
    }
    const stage = q.findStage(ctx.db, deal.stageId);
    const created = toLocalInput(deal.createdAt, zone);
    const digits = minorDigits(deal.currency);
    return {
      id: link.exchangeId,
      number: link.number ?? String(id),
      date: created.slice(0, 10),
      time: `${created.slice(11, 16)}:00`,
      currency: deal.currency,
      sum: decimalOf(deal.amountMinor, digits),
      comment: deal.comments ?? undefined,
      counterparty: counterpartyOf(ctx, deal.contactId, deal.companyId, deal.title),
      lines: linesOf(ctx, 'deal', id, deal.currency, unitName),
      requisites: [
        { name: 'Заказ оплачен', value: String(isPaid(ctx, stage)) },
        { name: 'Отменен', value: String(stage?.semantics === 'lost') },
        { name: 'Финальный статус', value: String(stage?.semantics !== 'open') },
        { name: 'Статус заказа', value: `[${deal.stageId}] ${stage?.name ?? ''}` },
        { name: 'Статуса заказа ИД', value: String(deal.stageId) },
        { name: 'Дата изменения статуса', value: siteStamp(deal.updatedAt, zone) },
        { name: 'Сайт', value: company?.name ?? '' },
      ],
    };
  });
  const invoices = q.invoicesToExport(ctx.db, stageIds, since, dealIds).map((inv): { dealId: number; doc: OrderOut } => {
    const link = q.linkOfDeal(ctx.db, inv.dealId!);
    const created = toLocalInput(inv.createdAt, zone);
    const digits = minorDigits(inv.currency);
    return {
      dealId: inv.dealId!,
      doc: {
        id: `crm-invoice-${inv.id}`,
        operation: 'Счет на оплату',
        number: inv.number,
        date: inv.issuedOn,
        time: `${created.slice(11, 16)}:00`,
        currency: inv.currency,
        sum: decimalOf(inv.totalMinor, digits),
        comment: inv.notes ?? undefined,
        counterparty: counterpartyOf(ctx, inv.contactId, inv.companyId, inv.number),
        lines: linesOf(ctx, 'invoice', inv.id, inv.currency, unitName),
        requisites: [
          { name: 'Ид заказа', value: link?.exchangeId ?? `crm-${inv.dealId}` },
          { name: 'Номер заказа', value: link?.number ?? String(inv.dealId) },
          { name: 'Статус счета', value: invoiceStatusNames[inv.status] ?? inv.status },
          { name: 'Счет оплачен', value: String(inv.status === 'paid') },
          { name: 'Оплачено', value: decimalOf(inv.paidMinor, digits) },
          { name: 'Отменен', value: String(inv.status === 'cancelled') },
          { name: 'Срок оплаты', value: inv.dueOn ?? '' },
        ],
      },
    };
  });
  const placed = orders.flatMap((order, i) => [order, ...invoices.filter((inv) => inv.dealId === dealIds[i]).map((inv) => inv.doc)]);
  const alone = invoices.filter((inv) => !dealIds.includes(inv.dealId)).map((inv) => inv.doc);
  return [...placed, ...alone];
}
