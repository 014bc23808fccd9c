import type { AppContext } from '../../context.js';
import { assertMay, mayEntity } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { deleteImage, storeImage } from '../../platform/images.js';
import type { ProductInput } from './form.js';
import * as q from './queries.js';

/**
 * The catalog's products. Anyone whose role may read products sees the catalog and picks from it;
 * adding, changing and deleting products and sections needs the role's "may edit the catalog"
 * (docs/decisions.md, "Catalog").
 */
export function assertCatalogRead(user: CurrentUser): void {
  if (!mayEntity(user, 'product', 'read')) throw new ForbiddenError();
}

export function productFor(ctx: AppContext, user: CurrentUser, id: number): q.ProductRow {
  assertCatalogRead(user);
  const product = q.findProduct(ctx.db, id);
  if (!product) throw new NotFoundError();
  return product;
}

function checked(ctx: AppContext, input: ProductInput): ProductInput {
  const errors: FieldErrors = {};
  if (input.sectionId !== null && !q.findSection(ctx.db, input.sectionId)) errors.sectionId = { key: 'validation.invalid' };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return input;
}

export function createProduct(ctx: AppContext, user: CurrentUser, input: ProductInput): q.ProductRow {
  assertMay(user, 'catalog');
  const values = checked(ctx, input);
  const now = ctx.clock.now();
  return ctx.sqlite.transaction(() => {
    const product = q.insertProduct(ctx.db, { ...values, createdBy: user.id, createdAt: now, updatedAt: now });
    q.indexProductWords(ctx.db, product.id, product.name, product.sku);
    return product;
  })();
}

export function updateProduct(ctx: AppContext, user: CurrentUser, id: number, input: ProductInput): void {
  assertMay(user, 'catalog');
  productFor(ctx, user, id);
  const values = checked(ctx, input);
  ctx.sqlite.transaction(() => {
    q.updateProduct(ctx.db, id, { ...values, updatedAt: ctx.clock.now() });
    q.indexProductWords(ctx.db, id, values.name, values.sku);
  })();
}

/** A deleted product leaves the catalog; the rows it was sold in keep its name and price. */
export function deleteProduct(ctx: AppContext, user: CurrentUser, id: number): q.ProductRow {
  assertMay(user, 'catalog');
  const product = productFor(ctx, user, id);
  ctx.sqlite.transaction(() => {
    q.updateProduct(ctx.db, id, { deletedAt: ctx.clock.now() });
    q.unindexProductWords(ctx.db, id);
  })();
  return product;
}

/** Replaces the product's picture with an uploaded one (PNG or JPEG), or removes it (`data` null). */
export function setProductPicture(ctx: AppContext, user: CurrentUser, id: number, data: Buffer | null): void {
  assertMay(user, 'catalog');
  const product = productFor(ctx, user, id);
  ctx.sqlite.transaction(() => {
    const pictureId = data ? storeImage(ctx.db, data, ctx.clock.now()) : null;
    if (data && pictureId === null) throw new ValidationError({ picture: { key: 'catalog.error.picture' } });
    q.updateProduct(ctx.db, id, { pictureId, updatedAt: ctx.clock.now() });
    deleteImage(ctx.db, product.pictureId);
  })();
}

/** Live products for a type-ahead picker: active ones whose words start with what was typed. */
export function pickProducts(ctx: AppContext, user: CurrentUser, typed: string, limit = 10): q.ProductRow[] {
  if (!mayEntity(user, 'product', 'read')) return [];
  return q.productsByIds(ctx.db, q.productIdsByPrefix(ctx.db, typed, limit, true));
}

/** The catalog list's quick search: any product (inactive ones too) by the first letters of its words. */
export function searchProductIds(ctx: AppContext, typed: string): number[] {
  return q.productIdsByPrefix(ctx.db, typed, 1000);
}
