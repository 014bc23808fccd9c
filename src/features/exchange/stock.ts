import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { productExchange } from '../../db/schema/index.js';
import type { Translate } from '../../platform/i18n/index.js';
import { QUANTITY_DIGITS, scaledInput } from '../../platform/money.js';
import type { ProductRow } from '../catalog/queries.js';
import { unitLabel } from '../catalog/units.js';
import { productExchangeView } from './catalog-queries.js';

/**
 * What 1C says about products, as pages show it: the stock in product pickers (deal product rows)
 * and, on the product's page, its prices by price type, stock per warehouse and property values.
 */
export function withStock<P extends ProductRow>(db: Db, t: Translate, products: P[]): (P & { stockText: string | null })[] {
  const ids = products.map((p) => p.id);
  const rows = ids.length ? db.select({ id: productExchange.productId, stock: productExchange.stock }).from(productExchange).where(inArray(productExchange.productId, ids)).all() : [];
  const stock = new Map(rows.filter((r) => r.stock !== null).map((r) => [r.id, r.stock!]));
  return products.map((p) => {
    const n = stock.get(p.id);
    return { ...p, stockText: n === undefined ? null : t('exchange.stock.short', { n: scaledInput(n, QUANTITY_DIGITS), unit: unitLabel(t, p.unitCode, p.unitName) }) };
  });
}

export function productExchangeCard(db: Db, t: Translate, product: ProductRow) {
  const { extras, prices, stock } = productExchangeView(db, product.id);
  if (!extras && prices.length === 0 && stock.length === 0) return null;
  const unit = unitLabel(t, product.unitCode, product.unitName);
  return {
    prices: prices.map((p) => ({ name: p.name ?? p.priceTypeId, priceMinor: p.priceMinor, currency: p.currency })),
    stock: stock.map((s) => ({ name: s.name ?? s.warehouseId, quantityText: `${scaledInput(s.quantity, QUANTITY_DIGITS)} ${unit}`.trim() })),
    totalText: extras?.stock != null ? `${scaledInput(extras.stock, QUANTITY_DIGITS)} ${unit}`.trim() : null,
    barcode: extras?.barcode ?? null,
    properties: extras?.properties ? (JSON.parse(extras.properties) as { name: string; value: string }[]) : [],
    fromOrder: extras?.fromOrder ?? false,
    parentId: extras?.parentId ?? null,
  };
}
