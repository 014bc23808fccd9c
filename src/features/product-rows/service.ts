import type { AppContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import { ValidationError } from '../../platform/errors.js';
import type { Translate } from '../../platform/i18n/index.js';
import { PERCENT_DIGITS, QUANTITY_DIGITS, lineTotals, scaledInput, sumTotals, type Discount, type LineTotals } from '../../platform/money.js';
import { recordChanges } from '../../platform/records/history.js';
import { convertAtCurrentRate } from '../currencies/service.js';
import type { ProductRow } from '../catalog/queries.js';
import { unitLabel } from '../catalog/units.js';
import * as q from './queries.js';

export type { RowEntity, RowRecord, RowValues } from './queries.js';

/**
 * Product rows of deals, leads, quotes and invoices. A row is priced in its owner's currency; its money
 * columns are worked out here (platform/money.ts lineTotals) whenever it is written, so what is stored
 * is always what is shown and what reports sum.
 */
export interface RowInput {
  productId: number | null;
  name: string;
  sku: string | null;
  unitCode: string | null;
  unitName: string | null;
  quantity: number;
  priceMinor: number;
  discount: Discount;
  vatBp: number | null;
  vatIncluded: boolean;
}

export function priced(row: RowInput): q.RowValues {
  const totals = lineTotals(row);
  const { discount, ...rest } = row;
  return {
    ...rest,
    discountKind: discount?.kind ?? null,
    discountValue: discount ? (discount.kind === 'percent' ? discount.bp : discount.minor) : null,
    ...totals,
  };
}

export function asInput(row: q.RowRecord | q.RowValues): RowInput {
  const discount: Discount =
    row.discountKind === 'percent' ? { kind: 'percent', bp: row.discountValue ?? 0 } : row.discountKind === 'amount' ? { kind: 'amount', minor: row.discountValue ?? 0 } : null;
  return {
    productId: row.productId ?? null, name: row.name, sku: row.sku ?? null, unitCode: row.unitCode ?? null, unitName: row.unitName ?? null,
    quantity: row.quantity, priceMinor: row.priceMinor, discount, vatBp: row.vatBp ?? null, vatIncluded: row.vatIncluded,
  };
}

export const rowsOf = (db: Db, entity: q.RowEntity, id: number): q.RowRecord[] => q.rowsOf(db, entity, id);

export function totalsOf(rows: Pick<LineTotals, keyof LineTotals>[]): LineTotals {
  return sumTotals(rows.map((r) => ({ grossMinor: r.grossMinor, discountMinor: r.discountMinor, netMinor: r.netMinor, vatMinor: r.vatMinor, totalMinor: r.totalMinor })));
}

/** How the history names a set of rows: "Laptop × 2; Setup × 1.5". */
export function rowsSummary(rows: { name: string; quantity: number }[]): string | null {
  if (rows.length === 0) return null;
  const text = rows.map((r) => `${r.name} × ${scaledInput(r.quantity, QUANTITY_DIGITS)}`).join('; ');
  return text.length > 500 ? `${text.slice(0, 497)}…` : text;
}

/**
 * A catalog product as a new row in a document of `currency`: one of its unit, its price converted
 * at the current rate, its VAT. Null when the two currencies have no rates to convert with.
 */
export function rowFromProduct(db: Db, product: ProductRow, currency: string): RowInput | null {
  const priceMinor = convertAtCurrentRate(db, product.priceMinor, product.currency, currency);
  if (priceMinor === null) return null;
  return {
    productId: product.id, name: product.name, sku: product.sku, unitCode: product.unitCode, unitName: product.unitName,
    quantity: 10 ** QUANTITY_DIGITS, priceMinor, discount: null, vatBp: product.vatBp, vatIncluded: product.vatIncluded,
  };
}

/**
 * Writes an owner's rows (inside the caller's transaction) and records the change in its history as
 * "Products: before → after". Returns the new totals and whether there are rows at all.
 */
export function writeRows(ctx: AppContext, userId: number, entity: q.RowEntity, id: number, rows: RowInput[]): { totals: LineTotals; count: number } {
  const before = q.rowsOf(ctx.db, entity, id);
  const values = rows.map(priced);
  q.replaceRows(ctx.db, entity, id, values);
  recordChanges(ctx.db, { entity, entityId: id, at: ctx.clock.now(), userId }, { products: rowsSummary(before) }, { products: rowsSummary(values) });
  return { totals: totalsOf(values), count: values.length };
}

/**
 * The owner's rows repriced from one currency into another at the current rates (a deal whose currency
 * changes), ready to write; null when the owner has no rows. Refuses, naming the field, when a rate is missing.
 */
export function repricedRows(db: Db, entity: q.RowEntity, id: number, from: string, to: string): RowInput[] | null {
  const rows = q.rowsOf(db, entity, id);
  if (rows.length === 0) return null;
  if (from === to) return rows.map(asInput);
  return rows.map((r) => {
    const row = asInput(r);
    const price = convertAtCurrentRate(db, row.priceMinor, from, to);
    if (price === null) throw new ValidationError({ currency: { key: 'catalog.rows.error.noRate', params: { from, to } } });
    const discount: Discount = row.discount?.kind === 'amount' ? { kind: 'amount', minor: convertAtCurrentRate(db, row.discount.minor, from, to)! } : row.discount;
    return { ...row, priceMinor: price, discount };
  });
}

/** Copies rows from one owner to another of the same currency (a lead's to its deal, a deal's to an invoice). */
export function copyRows(ctx: AppContext, userId: number, from: { entity: q.RowEntity; id: number }, to: { entity: q.RowEntity; id: number }): { totals: LineTotals; count: number } {
  return writeRows(ctx, userId, to.entity, to.id, q.rowsOf(ctx.db, from.entity, from.id).map(asInput));
}

/** Rows as the pages show them: the figures stay numbers for fmt.money; quantities, units and rates as text. */
export function rowsView(t: Translate, rows: q.RowRecord[]) {
  return rows.map((r) => ({
    ...r,
    quantityText: scaledInput(r.quantity, QUANTITY_DIGITS),
    unitText: unitLabel(t, r.unitCode, r.unitName),
    vatText: r.vatBp === null ? t('catalog.vat.none') : `${scaledInput(r.vatBp, PERCENT_DIGITS)} %`,
    discountText: r.discountKind === 'percent' && r.discountValue ? `${scaledInput(r.discountValue, PERCENT_DIGITS)} %` : null,
  }));
}

/** The product card of a record page (views/product-rows/_card.ejs). */
export function rowsCard(db: Db, t: Translate, owner: { entity: q.RowEntity; id: number; currency: string; editHref: string; mayEdit: boolean }) {
  const rows = q.rowsOf(db, owner.entity, owner.id);
  return { rows: rowsView(t, rows), totals: totalsOf(rows), currency: owner.currency, editHref: owner.editHref, mayEdit: owner.mayEdit };
}

export const hasRows = (db: Db, entity: q.RowEntity, id: number): boolean => q.rowsOf(db, entity, id).length > 0;
