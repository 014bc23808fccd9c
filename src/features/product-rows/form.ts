import type { FieldErrors } from '../../platform/errors.js';
import { QUANTITY_DIGITS, PERCENT_DIGITS, moneyInput, parseMoney, parseScaled, scaledInput, type Discount } from '../../platform/money.js';
import { readVat, vatChoice } from '../catalog/form.js';
import type { RowInput } from './service.js';

/**
 * The product rows editor as posted: `rows[i][field]` for every row (strings as typed, kept to show
 * again), what the user asked for (`op`: save; refresh — recompute and search; add a catalog product
 * `add=<id>`; a blank row; remove row `remove=<i>`) and the catalog search text `q`.
 */
export interface DraftRow {
  productId: string;
  name: string;
  sku: string;
  unitCode: string;
  unitName: string;
  quantity: string;
  price: string;
  discount: string;
  discountKind: string;
  vat: string;
  vatCustom: string;
  vatIncluded: boolean;
}

export type EditorOp = { kind: 'save' } | { kind: 'refresh' } | { kind: 'add'; productId: number } | { kind: 'blank' } | { kind: 'remove'; index: number };

const MAX_ROWS = 40;
const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

export function parseEditor(body: Record<string, unknown>): { rows: DraftRow[]; op: EditorOp; q: string } {
  // qs gives an array for up to 20 indexed rows and an object keyed by index beyond that.
  const posted = body.rows && typeof body.rows === 'object' ? Object.values(body.rows as Record<string, unknown>) : [];
  const rows = posted.slice(0, MAX_ROWS).map((raw): DraftRow => {
    const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    return {
      productId: text(r.productId, 16), name: text(r.name, 300), sku: text(r.sku, 100), unitCode: text(r.unitCode, 10), unitName: text(r.unitName, 30),
      quantity: text(r.quantity, 20), price: text(r.price, 30), discount: text(r.discount, 30), discountKind: r.discountKind === 'amount' ? 'amount' : 'percent',
      vat: text(r.vat, 10), vatCustom: text(r.vatCustom, 10), vatIncluded: r.vatIncluded !== undefined,
    };
  });
  const number = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null);
  const add = number(body.add);
  const remove = number(body.remove);
  const op: EditorOp =
    body.op === 'save' ? { kind: 'save' } : body.op === 'blank' ? { kind: 'blank' } : add !== null ? { kind: 'add', productId: add } : remove !== null ? { kind: 'remove', index: remove } : { kind: 'refresh' };
  return { rows, op, q: text(body.q, 100) };
}

export const blankRow = (): DraftRow => ({ productId: '', name: '', sku: '', unitCode: '796', unitName: '', quantity: '1', price: '', discount: '', discountKind: 'percent', vat: '', vatCustom: '', vatIncluded: true });

/** A stored (or catalog-made) row as the editor shows it. */
export function draftOf(row: RowInput, currency: string): DraftRow {
  return {
    productId: row.productId ? String(row.productId) : '', name: row.name, sku: row.sku ?? '', unitCode: row.unitCode ?? '', unitName: row.unitName ?? '',
    quantity: scaledInput(row.quantity, QUANTITY_DIGITS), price: moneyInput(row.priceMinor, currency),
    discount: row.discount ? (row.discount.kind === 'percent' ? scaledInput(row.discount.bp, PERCENT_DIGITS) : moneyInput(row.discount.minor, currency)) : '',
    discountKind: row.discount?.kind ?? 'percent', ...vatChoice(row.vatBp), vatIncluded: row.vatIncluded,
  };
}

/**
 * The drafts read into rows, or the problems by field (`rows.<i>.<field>`): a name, a quantity (up to
 * three decimals), a price and a discount in the document's currency (a percentage up to 100), a VAT rate.
 */
export function readDrafts(drafts: DraftRow[], currency: string): { rows: RowInput[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const rows: RowInput[] = [];
  drafts.forEach((d, i) => {
    const at = (field: string) => `rows.${i}.${field}`;
    if (!d.name) errors[at('name')] = { key: 'validation.required' };
    const quantity = parseScaled(d.quantity, QUANTITY_DIGITS, 1e12);
    if (quantity === null) errors[at('quantity')] = { key: 'validation.quantity' };
    const price = d.price === '' ? 0 : parseMoney(d.price, currency);
    if (price === null || price < 0) errors[at('price')] = { key: 'validation.money' };
    let discount: Discount = null;
    if (d.discount !== '') {
      if (d.discountKind === 'amount') {
        const minor = parseMoney(d.discount, currency);
        if (minor === null || minor < 0) errors[at('discount')] = { key: 'validation.money' };
        else discount = { kind: 'amount', minor };
      } else {
        const bp = parseScaled(d.discount, PERCENT_DIGITS);
        if (bp === null || bp > 10_000) errors[at('discount')] = { key: 'validation.vatRate' };
        else discount = { kind: 'percent', bp };
      }
    }
    const vatBp = readVat(d.vat, d.vatCustom);
    if (vatBp === undefined) errors[at('vatCustom')] = { key: 'validation.vatRate' };
    rows.push({
      productId: /^\d+$/.test(d.productId) ? Number(d.productId) : null, name: d.name, sku: d.sku || null, unitCode: d.unitCode || null, unitName: d.unitName || null,
      quantity: quantity ?? 0, priceMinor: price ?? 0, discount, vatBp: vatBp ?? null, vatIncluded: d.vatIncluded,
    });
  });
  return { rows, errors };
}
