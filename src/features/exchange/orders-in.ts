import type { AppContext } from '../../context.js';
import { currencyCode, scaledFrom, vatBasisPoints } from '../../integrations/commerceml/amounts.js';
import type { CmlCounterparty, CmlDocument, CmlDocumentLine, CmlDocumentStatus } from '../../integrations/commerceml/document-records.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { toCurrentUser } from '../../platform/auth/sessions.js';
import { getCompany } from '../../platform/company.js';
import { minorDigits } from '../../platform/format.js';
import { isLocale, translator } from '../../platform/i18n/index.js';
import { QUANTITY_DIGITS, moneyInput } from '../../platform/money.js';
import { isActiveUser } from '../../platform/records/names.js';
import { nextInRotation } from '../../platform/distribution.js';
import { createDeal, moveDeal, saveDealRows } from '../deals/service.js';
import { findDeal } from '../deals/queries.js';
import { allPipelines } from '../pipelines/queries.js';
import type { RowInput } from '../product-rows/service.js';
import { findUser } from '../users/queries.js';
import * as cq from './catalog-queries.js';
import * as q from './order-queries.js';
import { partyFor } from './parties.js';
import { ORDERS_ROTATION, exchangeSettings, statusEvents, type ExchangeSettings } from './settings.js';

/**
 * Orders from a store or 1C into deals, through the deals' own services (history, notifications,
 * search index and rights all apply). A document is found again by its Ид, then by 1C's number, so
 * the same document twice never makes two deals; one whose НомерВерсии has not changed is skipped.
 * A new deal gets its counterparty (matched or new), product rows matched to the catalog (unknown
 * products join the catalog, marked as added from an order), delivery as a service row, the comment,
 * and the responsible from the settings — one user or in turn among several (else the exchange user); the responsible is notified by the
 * deal service. 1C's statuses move the deal along the stages the settings map them to.
 */
/**
 * A document 1C wrote (it numbers and versions its documents) rather than a store: a deal made from
 * it is not sent back to 1C, and 1C's changes to any deal are not echoed back to it.
 */
function fromOneC(doc: CmlDocument): boolean {
  return Boolean(doc.number1c || doc.version);
}

export class OrdersWriter {
  private readonly settings: ExchangeSettings;
  readonly counts: Record<string, number> = {};

  constructor(
    private readonly ctx: AppContext,
    private readonly actor: CurrentUser,
  ) {
    this.settings = exchangeSettings(ctx.db);
  }

  /** The user orders are made as: the exchange user, or for the folder the first user with the exchange right. */
  static actorFor(ctx: AppContext, user: CurrentUser | null): CurrentUser {
    if (user) return user;
    const id = q.firstExchangeUserId(ctx.db);
    const row = id ? findUser(ctx.db, id) : null;
    if (!row) throw new Error('no active user has the right to exchange with 1C, so orders cannot be made');
    return toCurrentUser(ctx.db, row);
  }

  private count(key: string): void {
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  document(doc: CmlDocument): void {
    if (doc.operation && doc.operation !== 'Заказ товара') return this.count('documentSkipped');
    const exchangeId = doc.id ?? (doc.number1c ? `1c-${doc.number1c}` : null);
    if (!exchangeId) return this.count('documentSkipped');
    const link = q.linkByExchangeId(this.ctx.db, exchangeId) ?? (doc.number1c ? q.linkByNumber1c(this.ctx.db, doc.number1c) : null);
    if (link) return this.update(link, doc);
    this.create(exchangeId, doc);
  }

  /** A counterparty sent on its own (a Контрагенты package): found, or made as a contact or company. */
  counterparty(c: CmlCounterparty): void {
    if (c.deleted) return this.count('counterpartySkipped');
    partyFor(this.ctx, this.actor, c, this.responsibleId(), c.name ?? c.id ?? '—');
    this.count('counterparty');
  }

  private pipelineId(): number {
    const pipelines = allPipelines(this.ctx.db);
    return pipelines.find((p) => p.id === this.settings.pipelineId)?.id ?? pipelines[0]!.id;
  }

  /** The next in turn when the settings name several users, else the one named; the exchange user when none is active. */
  private responsibleId(): number {
    const { rotationIds, responsibleId } = this.settings;
    if (rotationIds.length) return nextInRotation(this.ctx, ORDERS_ROTATION, rotationIds) ?? this.actor.id;
    return responsibleId !== null && isActiveUser(this.ctx.db, responsibleId) ? responsibleId : this.actor.id;
  }

  private create(exchangeId: string, doc: CmlDocument): void {
    const currency = currencyCode(doc.currency) ?? getCompany(this.ctx.db)?.baseCurrency ?? 'RUB';
    const pipelineId = this.pipelineId();
    const stage = q.firstOpenStage(this.ctx.db, pipelineId);
    if (!stage) throw new Error(`the pipeline ${pipelineId} has no open stage for new orders`);
    const responsibleId = this.responsibleId();
    const locale = getCompany(this.ctx.db)?.locale;
    const t = translator(isLocale(locale) ? locale : 'ru');
    const number = doc.number ?? doc.number1c ?? exchangeId;
    const party = partyFor(this.ctx, this.actor, doc.counterparties.find((c) => !c.role || c.role === 'Покупатель') ?? doc.counterparties[0], responsibleId, t('exchange.order.buyer', { number }));
    const sumMinor = doc.sum ? scaledFrom(doc.sum, minorDigits(currency)) : null;
    const deal = createDeal(this.ctx, this.actor, {
      title: t('exchange.order.title', { number }),
      stageId: stage.id,
      amount: sumMinor ? moneyInput(sumMinor, currency) : '',
      currency,
      probability: null,
      typeId: null,
      sourceId: null,
      expectedClose: null,
      contactId: party.contactId,
      companyId: party.companyId,
      responsibleId,
      everyone: false,
      comments: this.comments(doc),
      custom: {},
    });
    if (doc.lines?.length) saveDealRows(this.ctx, this.actor, deal.id, this.rows(doc, currency));
    q.insertLink(this.ctx.db, {
      dealId: deal.id,
      exchangeId,
      number: doc.number ?? null,
      number1c: doc.number1c ?? null,
      version: doc.version ?? null,
      origin: fromOneC(doc) ? '1c' : 'store',
      createdAt: this.ctx.clock.now(),
    });
    this.applyStatus(deal.id, doc.status);
    if (fromOneC(doc)) q.updateLink(this.ctx.db, deal.id, { importedUpdatedAt: findDeal(this.ctx.db, deal.id)!.updatedAt });
    this.count('dealCreated');
  }

  private update(link: q.OrderLink, doc: CmlDocument): void {
    if (doc.version && link.version === doc.version) return this.count('documentUnchanged');
    const deal = findDeal(this.ctx.db, link.dealId);
    if (!deal) return this.count('documentSkipped');
    // 1C sends the rows again when they changed; a status-only document (2.03) has none and keeps them.
    if (doc.lines?.length) saveDealRows(this.ctx, this.actor, deal.id, this.rows(doc, deal.currency));
    this.applyStatus(deal.id, doc.status);
    q.updateLink(this.ctx.db, deal.id, {
      version: doc.version ?? link.version,
      number1c: doc.number1c ?? link.number1c,
      ...(fromOneC(doc) ? { importedUpdatedAt: findDeal(this.ctx.db, deal.id)!.updatedAt } : {}),
    });
    this.count('dealUpdated');
  }

  private comments(doc: CmlDocument): string | null {
    const lines = [doc.comment, ...['Комментарии покупателя', 'Адрес доставки', 'Способ доставки', 'Метод оплаты', 'Способ оплаты'].flatMap((k) => (doc.requisites[k] ? [`${k}: ${doc.requisites[k]}`] : []))];
    const text = lines.filter(Boolean).join('\n');
    return text ? text.slice(0, 5000) : null;
  }

  private rows(doc: CmlDocument, currency: string): RowInput[] {
    return (doc.lines ?? []).map((line) => this.row(line, currency, doc.taxIncluded ?? true));
  }

  private row(line: CmlDocumentLine, currency: string, vatIncluded: boolean): RowInput {
    const priceMinor = (line.price ? scaledFrom(line.price, minorDigits(currency)) : null) ?? 0;
    const quantity = (line.quantity ? scaledFrom(line.quantity, QUANTITY_DIGITS) : null) ?? 10 ** QUANTITY_DIGITS;
    const vat = line.taxRates.find((r) => /ндс|vat/i.test(r.name));
    const vatBp = vat ? vatBasisPoints(vat.rate) : null;
    const unitCode = line.unit?.code && /^\d{1,4}$/.test(line.unit.code) ? line.unit.code.padStart(3, '0') : '796';
    const base = { name: line.name.slice(0, 500) || '—', sku: line.sku ?? null, unitCode, unitName: line.unit?.name ?? null, quantity, priceMinor, discount: null, vatBp, vatIncluded };
    if (line.isService && (line.isDelivery || !line.id)) return { ...base, productId: null };
    return { ...base, productId: line.id ? this.productFor(line, currency, priceMinor, vatBp) : null };
  }

  /** The catalog product of a line by its 1C id, else a new one marked as added from an order. */
  private productFor(line: CmlDocumentLine, currency: string, priceMinor: number, vatBp: number | null): number {
    const found = cq.productByExternal(this.ctx.sqlite, line.id!);
    if (found) return found.id;
    const now = this.ctx.clock.now();
    const id = cq.insertProduct(this.ctx.sqlite, {
      name: line.name.slice(0, 500) || line.id!,
      sku: line.sku ?? null,
      description: null,
      unitCode: line.unit?.code && /^\d{1,4}$/.test(line.unit.code) ? line.unit.code.padStart(3, '0') : '796',
      unitName: line.unit?.name ?? null,
      sectionId: null,
      priceMinor,
      currency,
      vatBp,
      vatIncluded: true,
      pictureId: null,
      externalId: line.id!,
      createdBy: this.actor.id,
      now,
    });
    cq.markFromOrder(this.ctx.sqlite, id, now);
    this.count('productAdded');
    return id;
  }

  /**
   * The stage 1C's news calls for: the first event it reports (deleted, cancelled, posted, shipped,
   * paid) that the settings map, else a status id naming one of the pipeline's stages (1C learns them
   * from mode=info). A deal never moves back to an earlier open stage, and a closed one only to
   * another closed stage.
   */
  private applyStatus(dealId: number, status: CmlDocumentStatus): void {
    const deal = findDeal(this.ctx.db, dealId)!;
    const mapped = statusEvents.find((e) => status[e] && this.settings.stageMap[e] !== null);
    let targetId = mapped ? this.settings.stageMap[mapped] : null;
    if (targetId === null && status.statusId && /^\d+$/.test(status.statusId)) targetId = Number(status.statusId);
    if (targetId === null || targetId === deal.stageId) return;
    const target = q.findStage(this.ctx.db, targetId);
    const current = q.findStage(this.ctx.db, deal.stageId);
    if (!target || !current || target.pipelineId !== deal.pipelineId) return;
    const forward = target.semantics !== 'open' ? current.semantics === 'open' || target.semantics !== current.semantics : current.semantics === 'open' && target.sort > current.sort;
    if (!forward) return;
    moveDeal(this.ctx, this.actor, dealId, targetId);
    this.count('stageChanged');
  }
}
