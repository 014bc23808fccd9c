import fs from 'node:fs';
import type { AppContext } from '../../context.js';
import { currencyCode, scaledFrom, vatBasisPoints } from '../../integrations/commerceml/amounts.js';
import type { CmlGroup, CmlOffer, CmlPriceType, CmlProduct, CmlProperty, CmlUnit, CmlWarehouse } from '../../integrations/commerceml/catalog-records.js';
import { inside, safeRelativePath } from '../../integrations/commerceml/paths.js';
import { getCompany } from '../../platform/company.js';
import { minorDigits } from '../../platform/format.js';
import { deleteImage, storeImage } from '../../platform/images.js';
import { QUANTITY_DIGITS } from '../../platform/money.js';
import { isUnitCode } from '../catalog/units.js';
import * as q from './catalog-queries.js';
import { exchangeSettings, saveExchangeSettings } from './settings.js';

/**
 * 1C's catalog into the CRM's: groups become sections (nested), products become catalog products
 * marked as from 1C (origin "1c", their Ид as external id), offers with characteristics become
 * products of their own under the product, prices are kept per price type (the chosen one is the
 * product's price), stock per warehouse. Every write is an upsert by 1C id, and a field a file does
 * not carry is left as it was, so split packages (offers, prices, rests) merge.
 */
export class CatalogWriter {
  private readonly now: number;
  private readonly baseCurrency: string;
  private priceTypeId: string | null;
  /** A full catalog switches off what it did not name; a full offers package replaces stock per warehouse. */
  private fullCatalog = false;
  private fullOffers = false;
  private readonly sections = new Map<string, number>();
  private readonly properties = new Map<string, { name: string; options: Record<string, string> } | null>();
  readonly counts: Record<string, number> = {};

  constructor(
    private readonly ctx: AppContext,
    private readonly dir: string,
  ) {
    this.now = ctx.clock.now();
    this.baseCurrency = getCompany(ctx.db)?.baseCurrency ?? 'RUB';
    this.priceTypeId = exchangeSettings(ctx.db).priceTypeId;
  }

  private count(key: string): void {
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  /** A section with СодержитТолькоИзменения="false" is a full unload. */
  section(kind: 'catalog' | 'offers', onlyChanges: boolean | undefined): void {
    if (onlyChanges !== false) return;
    if (kind === 'catalog') this.fullCatalog = true;
    else this.fullOffers = true;
  }

  group(g: CmlGroup): void {
    if (g.deleted) return;
    const parentId = g.parentId ? this.sectionId(g.parentId) : null;
    const existing = this.sectionId(g.id);
    if (existing) q.updateSection(this.ctx.sqlite, existing, { name: g.name, parentId, now: this.now });
    else this.sections.set(g.id, q.insertSection(this.ctx.sqlite, { name: g.name, parentId, externalId: g.id, now: this.now }));
    this.count('group');
  }

  private sectionId(externalId: string): number | null {
    const cached = this.sections.get(externalId);
    if (cached) return cached;
    const id = q.sectionIdByExternal(this.ctx.sqlite, externalId);
    if (id) this.sections.set(externalId, id);
    return id;
  }

  property(p: CmlProperty): void {
    q.upsertProperty(this.ctx.sqlite, { id: p.id, name: p.name, valueType: p.valueType ?? null, options: JSON.stringify(Object.fromEntries(p.options.map((o) => [o.id, o.value]))), now: this.now });
    this.properties.delete(p.id);
    this.count('property');
  }

  priceType(p: CmlPriceType): void {
    q.upsertPriceType(this.ctx.db, { id: p.id, name: p.name, currency: currencyCode(p.currency), taxIncluded: p.taxIncluded ?? null, updatedAt: this.now });
    if (this.priceTypeId === null) {
      this.priceTypeId = p.id;
      saveExchangeSettings(this.ctx.db, { priceTypeId: p.id });
    }
    this.count('priceType');
  }

  warehouse(w: CmlWarehouse): void {
    q.upsertWarehouse(this.ctx.db, { id: w.id, name: w.name, deleted: w.deleted, updatedAt: this.now });
    this.count('warehouse');
  }

  private unitColumns(unit: CmlUnit | undefined): { unitCode: string | null; unitName: string | null } {
    if (!unit) return { unitCode: '796', unitName: null };
    const code = unit.code && /^\d{1,4}$/.test(unit.code) ? unit.code.padStart(3, '0') : null;
    return { unitCode: code, unitName: code && isUnitCode(code) ? null : (unit.name ?? unit.fullName ?? null) };
  }

  /** A property with its options read once per import (a catalog names the same few over and over). */
  private propertyOf(id: string): { name: string; options: Record<string, string> } | null {
    if (this.properties.has(id)) return this.properties.get(id)!;
    const row = q.findProperty(this.ctx.sqlite, id);
    const prop = row ? { name: row.name, options: JSON.parse(row.options) as Record<string, string> } : null;
    if (this.properties.size > 5000) this.properties.clear();
    this.properties.set(id, prop);
    return prop;
  }

  /** Property values as text: a Справочник value is an option id, read through the classifier. */
  private propertyText(values: CmlProduct['properties']): string | null {
    const out: { name: string; value: string }[] = [];
    for (const p of values) {
      const prop = this.propertyOf(p.id);
      const text = p.values.map((v) => prop?.options[v] ?? v).filter(Boolean).join(', ');
      if (text) out.push({ name: prop?.name ?? p.id, value: text });
    }
    return out.length ? JSON.stringify(out) : null;
  }

  private picture(paths: string[], current: number | null): number | null | undefined {
    for (const raw of paths) {
      const rel = safeRelativePath(raw);
      if (!rel) continue;
      const file = inside(this.dir, rel);
      if (!fs.existsSync(file)) continue;
      const id = storeImage(this.ctx.db, fs.readFileSync(file), this.now);
      if (id !== null) {
        deleteImage(this.ctx.db, current);
        return id;
      }
    }
    return undefined;
  }

  product(p: CmlProduct): void {
    const db = this.ctx.sqlite;
    const existing = q.productByExternal(db, p.id);
    if (p.deleted) {
      // A product deleted before the CRM ever saw it is kept as deleted, so its offers do not bring it back.
      const id = existing?.id ?? q.insertProduct(db, { name: p.name.slice(0, 500), sku: p.sku ?? null, description: null, unitCode: '796', unitName: null, sectionId: null, externalId: p.id, priceMinor: 0, currency: this.baseCurrency, vatBp: null, vatIncluded: true, pictureId: null, createdBy: null, now: this.now });
      q.deleteProduct(db, id, this.now);
      return this.count('productDeleted');
    }
    const vat = p.taxRates.find((t) => /ндс|vat/i.test(t.name));
    const values = {
      name: p.name.slice(0, 500),
      sku: p.sku ?? null,
      description: p.description ?? null,
      ...this.unitColumns(p.unit),
      sectionId: p.groupIds.map((g) => this.sectionId(g)).find((id) => id !== null) ?? null,
      now: this.now,
    };
    let id: number;
    if (existing) {
      id = existing.id;
      const pictureId = p.pictures.length ? this.picture(p.pictures, existing.pictureId) : undefined;
      q.updateProduct(db, existing, { ...values, ...(vat ? { vat: vatBasisPoints(vat.rate) } : {}), ...(pictureId !== undefined ? { pictureId } : {}) });
      this.count('productUpdated');
    } else {
      const pictureId = this.picture(p.pictures, null) ?? null;
      id = q.insertProduct(db, { ...values, externalId: p.id, priceMinor: 0, currency: this.baseCurrency, vatBp: vat ? vatBasisPoints(vat.rate) : null, vatIncluded: true, pictureId, createdBy: null });
      this.count('productCreated');
    }
    q.saveProductExtras(db, { id, version: p.version ?? null, barcode: p.barcode ?? null, properties: this.propertyText(p.properties), now: this.now });
  }

  offer(o: CmlOffer): void {
    const db = this.ctx.sqlite;
    const parent = q.productByExternal(db, o.productId);
    let target = o.characteristicId === null ? parent : q.productByExternal(db, o.id);
    if (o.deleted) {
      if (target) q.deleteProduct(db, target.id, this.now);
      return this.count('offerDeleted');
    }
    // Offers never bring back a product 1C deleted: only its catalog does.
    if (target && target.deletedAt !== null) return this.count('offerDeleted');
    if (!target) {
      const base = o.characteristicId === null ? null : parent;
      const chars = (o.characteristics ?? []).map((c) => c.value).filter(Boolean).join(', ');
      const name = o.name ?? (base ? `${base.name}${chars ? ` (${chars})` : ''}` : null);
      // Prices or stock of a product 1C has not sent yet: nothing to attach them to.
      if (!name) return this.count('offerUnknown');
      const unit = o.unit ? this.unitColumns(o.unit) : { unitCode: base?.unitCode ?? '796', unitName: base?.unitName ?? null };
      const id = q.insertProduct(db, {
        name: name.slice(0, 500),
        sku: o.sku ?? base?.sku ?? null,
        description: null,
        ...unit,
        sectionId: base?.sectionId ?? null,
        externalId: o.id,
        priceMinor: 0,
        currency: this.baseCurrency,
        vatBp: base?.vatBp ?? null,
        vatIncluded: base ? base.vatIncluded === 1 : true,
        pictureId: null,
        createdBy: null,
        now: this.now,
      });
      target = q.productByExternal(db, o.id)!;
      q.saveOfferExtras(db, { id, ...(base ? { parentId: base.id } : {}), now: this.now });
      this.count('variantCreated');
    }
    let main: { priceMinor: number; currency: string } | undefined;
    for (const price of o.prices ?? []) {
      const currency = currencyCode(price.currency) ?? this.baseCurrency;
      const minor = scaledFrom(price.amount, minorDigits(currency));
      if (minor === null) continue;
      q.savePrice(db, target.id, price.priceTypeId, minor, currency);
      if (this.priceTypeId === null) {
        this.priceTypeId = price.priceTypeId;
        saveExchangeSettings(this.ctx.db, { priceTypeId: price.priceTypeId });
      }
      if (price.priceTypeId === this.priceTypeId) main = { priceMinor: minor, currency };
    }
    const stock = (o.stock ?? []).flatMap((s) => {
      const quantity = scaledFrom(s.quantity, QUANTITY_DIGITS);
      return quantity === null ? [] : [{ warehouseId: s.warehouseId, quantity }];
    });
    let total: number | undefined;
    if (stock.length) total = q.saveStock(db, target.id, stock, this.fullOffers);
    else if (o.quantity !== undefined) total = scaledFrom(o.quantity, QUANTITY_DIGITS) ?? undefined;
    const name = o.name && o.characteristicId !== null ? o.name.slice(0, 500) : undefined;
    if (name || o.sku || main) q.updateFromOffer(db, target, { name, sku: o.sku, ...main, now: this.now });
    q.saveOfferExtras(db, { id: target.id, version: o.version, barcode: o.barcode, stock: total, now: this.now });
    this.count('offer');
  }

  /** After a full catalog: what it did not name is switched off. */
  finish(): void {
    if (!this.fullCatalog) return;
    const n = q.deactivateUnseen(this.ctx.sqlite, this.now, this.now);
    if (n) this.counts.productDeactivated = n;
  }
}
