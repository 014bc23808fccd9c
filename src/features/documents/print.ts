import type { AppContext } from '../../context.js';
import { getCompany } from '../../platform/company.js';
import { formatter, serverTimeZone } from '../../platform/format.js';
import { translator, type MessageKey } from '../../platform/i18n/index.js';
import { findImage } from '../../platform/images.js';
import { PERCENT_DIGITS, QUANTITY_DIGITS, scaledInput } from '../../platform/money.js';
import { amountInWords } from '../../platform/money-words.js';
import { unitLabel } from '../catalog/units.js';
import { rowsOf } from '../product-rows/service.js';
import { activePaymentMethods, seller } from '../seller/service.js';
import type { PdfDocumentModel, PdfLabels } from '../../integrations/pdf/document-pdf.js';
import type { DocKind } from './kinds.js';
import { partiesOf } from './parties.js';
import type { DocumentRow } from './queries.js';

/**
 * A quote or invoice as it is printed: every text already in the document's language and every
 * figure already formatted, so the printable page and the PDF (integrations/pdf) only lay it out and
 * cannot disagree. This is also what the e-mail feature attaches (documents/pdf.ts). The Russian "Счёт на оплату" form is always in Russian.
 */
export interface PrintModel extends PdfDocumentModel {
  lang: 'ru' | 'en';
  number: string;
  images: PdfDocumentModel['images'] & { mime: { logo: string | null; signature: string | null; stamp: string | null } };
  fileName: string;
}

const LABELS: (keyof PdfLabels)[] = [
  'bankOfPayee', 'bik', 'account', 'inn', 'kpp', 'payee', 'supplier', 'buyer', 'basis', 'colN', 'colName', 'colQty', 'colUnit', 'colPrice', 'colDiscount', 'colVat', 'colSum',
  'subtotal', 'total', 'payBy', 'validUntil', 'director', 'accountant', 'phone', 'from', 'billTo', 'date', 'due', 'vatId', 'regNo', 'iban', 'swift', 'bank', 'bankAddress',
  'payment', 'amountInWords', 'signature', 'attention', 'notes',
];

const CURRENCY_SHORT: Record<string, string> = { RUB: 'руб.', USD: 'долл. США', EUR: 'евро' };

/** The language a document is printed in: the Russian layout always in Russian, else the document's. */
export const documentLang = (doc: Pick<DocumentRow, 'layout' | 'language'>): 'ru' | 'en' => (doc.layout === 'ru' ? 'ru' : doc.language === 'en' ? 'en' : 'ru');

/** The PDF's file name ("Счёт СЧ-2026-001.pdf"), without characters file systems refuse. */
export function documentFileName(doc: Pick<DocumentRow, 'kind' | 'number' | 'layout' | 'language'>): string {
  const t = translator(documentLang(doc));
  return `${t(doc.kind === 'invoice' ? 'pdf.file.invoice' : 'pdf.file.quote')} ${doc.number}.pdf`.replace(/[\\/:*?"<>|]+/g, '-');
}

export function printModel(ctx: AppContext, doc: DocumentRow): PrintModel {
  const kind = doc.kind as DocKind;
  const layout = doc.layout === 'ru' ? 'ru' : 'intl';
  const lang = documentLang(doc);
  const t = translator(lang);
  const fmt = formatter(lang, getCompany(ctx.db)?.timeZone ?? serverTimeZone());
  const longDay = (day: string) => new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(Date.parse(`${day}T00:00:00Z`));
  const amount = (minor: number) => fmt.amount(minor, doc.currency);
  const rows = rowsOf(ctx.db, kind, doc.id);

  // VAT lines per rate and way (included in the prices or added to them), in the order first met.
  const groups = new Map<string, { bp: number; included: boolean; minor: number }>();
  for (const r of rows) {
    if (r.vatBp === null) continue;
    const key = `${r.vatBp}|${r.vatIncluded}`;
    const g = groups.get(key) ?? { bp: r.vatBp, included: r.vatIncluded, minor: 0 };
    g.minor += r.vatMinor;
    groups.set(key, g);
  }
  const vatLines = [...groups.values()].map((g) => ({ label: t(g.included ? 'pdf.vatIncluded' : 'pdf.vatAdded', { rate: scaledInput(g.bp, PERCENT_DIGITS) }), amount: amount(g.minor) }));
  if (vatLines.length === 0) vatLines.push({ label: t('pdf.noVat'), amount: '—' });
  // "Итого" is what the rows add up to as priced: with VAT added on top, that is before the VAT.
  const added = rows.filter((r) => r.vatBp !== null && !r.vatIncluded).reduce((n, r) => n + r.vatMinor, 0);

  const s = seller(ctx.db);
  const image = (id: number | null) => findImage(ctx.db, id);
  const logo = image(s.logoId);
  const signature = image(s.signatureId);
  const stamp = image(s.stampId);
  const parties = partiesOf(ctx.db, doc);
  const L = Object.fromEntries(LABELS.map((k) => [k, t(`pdf.label.${k}` as MessageKey)])) as unknown as PdfLabels;
  const { seller: sp, buyer: bp } = parties;
  const line = (parts: (string | null | undefined)[]) => parts.filter(Boolean).join(', ');
  const block = (parts: (string | null | undefined)[]) => parts.filter(Boolean).join('\n');
  // The due day as Russian invoices write it (07.12.2026), or spelled out in English.
  const dueOn = doc.dueOn ? (lang === 'ru' ? doc.dueOn.split('-').reverse().join('.') : longDay(doc.dueOn)) : null;
  const dueLine = dueOn ? (kind === 'invoice' ? L.payBy : L.validUntil).replace('{day}', dueOn) : null;
  const lines = {
    supplier: line([sp.name, sp.inn && `${L.inn} ${sp.inn}`, sp.kpp && `${L.kpp} ${sp.kpp}`, sp.legalAddress, sp.phone && `${L.phone} ${sp.phone}`]),
    buyer: line([bp.name, bp.inn && `${L.inn} ${bp.inn}`, bp.kpp && `${L.kpp} ${bp.kpp}`, bp.address, bp.contactName]) || '—',
    from: block([sp.name, sp.legalAddress ?? sp.address, sp.vatId && `${L.vatId}: ${sp.vatId}`, sp.inn && `${L.inn}: ${sp.inn}`, sp.ogrn && `${L.regNo}: ${sp.ogrn}`, sp.email, sp.phone]),
    billTo: block([bp.name, bp.address, bp.inn && `${L.inn}: ${bp.inn}`, bp.contactName && `${L.attention}: ${bp.contactName}`]) || '—',
    bank: block([sp.bankName && `${L.bank}: ${sp.bankName}`, sp.bankAddress && `${L.bankAddress}: ${sp.bankAddress}`, sp.iban && `${L.iban}: ${sp.iban}`, sp.swift && `${L.swift}: ${sp.swift}`, !sp.iban && sp.account ? `${L.account} ${sp.account}` : null]),
    dates: block([`${L.date}: ${longDay(doc.issuedOn)}`, kind === 'invoice' && dueOn ? `${L.due}: ${dueOn}` : dueLine]),
    dueLine,
  };
  const currencyShort = lang === 'ru' ? (CURRENCY_SHORT[doc.currency] ?? doc.currency) : doc.currency;
  return {
    kind, layout, lang,
    labels: L,
    lines,
    title: t(kind === 'invoice' ? (layout === 'ru' ? 'pdf.title.invoiceRu' : 'pdf.title.invoice') : 'pdf.title.quote', { number: doc.number, day: longDay(doc.issuedOn) }),
    number: doc.number,
    issuedOn: longDay(doc.issuedOn),
    dueOn,
    parties,
    rows: rows.map((r, i) => ({
      n: i + 1, name: r.name, sku: r.sku, quantity: scaledInput(r.quantity, QUANTITY_DIGITS).replace('.', lang === 'ru' ? ',' : '.'), unit: unitLabel(t, r.unitCode, r.unitName),
      price: amount(r.priceMinor), discount: r.discountMinor ? amount(r.discountMinor) : '', vat: r.vatBp === null ? t('pdf.noVatShort') : `${scaledInput(r.vatBp, PERCENT_DIGITS)}%`,
      sum: amount(r.totalMinor - (r.vatIncluded ? 0 : r.vatMinor)),
    })),
    subtotal: amount(doc.totalMinor - added),
    vatLines,
    total: amount(doc.totalMinor),
    totalWithCurrency: `${amount(doc.totalMinor)} ${currencyShort}`,
    words: amountInWords(doc.totalMinor, doc.currency, lang),
    countLine: t('pdf.countLine', { n: rows.length, amount: `${amount(doc.totalMinor)} ${currencyShort}` }),
    notes: doc.notes,
    paymentDetails: parties.seller.paymentDetails ?? s.paymentDetails,
    methods: kind === 'invoice' ? activePaymentMethods(ctx.db).map((m) => ({ name: m.name, url: m.kind === 'link' ? m.url : null, details: m.details })) : [],
    images: { logo: logo?.data ?? null, signature: signature?.data ?? null, stamp: stamp?.data ?? null, mime: { logo: logo?.mime ?? null, signature: signature?.mime ?? null, stamp: stamp?.mime ?? null } },
    fileName: documentFileName(doc),
  };
}
