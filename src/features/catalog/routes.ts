import fs from 'node:fs';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { products } from '../../db/schema/index.js';
import { may } from '../../platform/access/index.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { csrfValid } from '../../platform/http/csrf.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { receiveUpload } from '../../platform/http/upload.js';
import { MAX_IMAGE_BYTES, findImage } from '../../platform/images.js';
import { moneyInput } from '../../platform/money.js';
import { mountList } from '../../platform/records/list/routes.js';
import { baseCurrency, knownCurrencies } from '../currencies/service.js';
import { percentText, productForm, vatChoice, vatOptions } from './form.js';
import { productListFields } from './list.js';
import { findSection } from './queries.js';
import { sectionTree, sectionWithSubsections } from './sections.js';
import * as service from './service.js';
import { unitCodes, unitLabel } from './units.js';
import { productExchangeCard, withStock } from '../exchange/stock.js';

/** The multipart route for a product's picture: it checks the CSRF field itself (platform/http/csrf.ts). */
export const PICTURE_UPLOAD = '/products/picture';

/** The catalog: the products list with its sections tree, product pages and forms, pictures. */
export function catalogRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/products', requireUser);
  r.use('/images', requireUser);

  mountList(r, ctx, {
    entity: 'product',
    base: '/products',
    table: products,
    id: products.id,
    deletedAt: products.deletedAt,
    fields: (user) => productListFields(ctx.db, user.locale as 'ru' | 'en'),
    columns: ['name', 'sku', 'section', 'price', 'vat', 'unit', 'active', 'external'],
    sort: { key: 'name', dir: 'asc' },
    // Every product is visible to whoever may read the catalog; the others may not open the list at all.
    visible: (user) => {
      service.assertCatalogRead(user);
      return undefined;
    },
    page: 'catalog/list',
    rows: 'lists/_rows',
    prefix: 'product',
    title: 'catalog.title',
    empty: 'catalog.none',
    searchPlaceholder: 'catalog.searchPlaceholder',
    mayAdd: (user) => may(user, 'catalog'),
    search: (typed) => service.searchProductIds(ctx, typed),
    // Rows offer no actions (rowActions is off), so which ones are editable does not matter.
    editable: () => undefined,
    rowActions: false,
    pageLocals: (user, query) => {
      const picked = [query.section].flat().filter((v): v is string => typeof v === 'string').map(Number);
      return {
        tree: sectionTree(ctx).map((node) => {
          const ids = sectionWithSubsections(ctx, node.row.id);
          return { ...node, href: `/products?${ids.map((id) => `section=${id}`).join('&')}`, current: picked.length === ids.length && ids.every((id) => picked.includes(id)) };
        }),
        allCurrent: picked.length === 0,
        mayEditCatalog: may(user, 'catalog'),
      };
    },
  });

  const showForm = (req: Request, res: Response, product: ReturnType<typeof service.productFor> | null, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    res.page('catalog/form', {
      title: product ? product.name : req.t('catalog.new'),
      product,
      values,
      errors,
      sections: sectionTree(ctx),
      // A product priced in a currency since removed from the settings keeps it on offer.
      currencyCodes: [...new Set([...knownCurrencies(ctx.db), ...(typeof values.currency === 'string' && values.currency ? [values.currency] : [])])],
      units: unitCodes.map((code) => ({ code, name: req.t(`catalog.unit.${code}`) })),
      vatOptions,
    });
  };

  const formValues = (p: ReturnType<typeof service.productFor>) => ({ ...p, price: moneyInput(p.priceMinor, p.currency), ...vatChoice(p.vatBp) });

  r.get('/products/new', (req, res) => {
    if (!may(currentUser(req), 'catalog')) throw new ForbiddenError();
    const sectionId = Number(req.query.section);
    showForm(req, res, null, { currency: baseCurrency(ctx.db), unitCode: '796', vat: '', active: true, vatIncluded: true, sort: 100, sectionId: findSection(ctx.db, sectionId) ? sectionId : '' });
  });

  r.post('/products', (req, res) => {
    const user = currentUser(req);
    if (!may(user, 'catalog')) throw new ForbiddenError();
    const form = parseForm(productForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), null, form.values, form.errors);
    try {
      const product = service.createProduct(ctx, user, form.data);
      res.flash('catalog.created', { name: product.name });
      res.go(`/products/${product.id}`);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), null, form.values, err.fields);
      throw err;
    }
  });

  /** A product's picture: a multipart form, so it is read here and its CSRF field checked before anything changes. */
  r.post(PICTURE_UPLOAD, async (req, res) => {
    const user = currentUser(req);
    const id = Number(req.query.id);
    const product = service.productFor(ctx, user, Number.isInteger(id) && id > 0 ? id : 0);
    if (!may(user, 'catalog')) throw new ForbiddenError();
    const upload = await receiveUpload(req, { field: 'picture', dir: ctx.config.dataDir, maxBytes: MAX_IMAGE_BYTES });
    try {
      if (!csrfValid(ctx, req, req.get('X-CSRF-Token') ?? upload.fields._csrf)) throw new ForbiddenError('error.csrf');
      if (!upload.file) throw new ValidationError({ picture: { key: 'catalog.error.picture' } });
      service.setProductPicture(ctx, user, product.id, fs.readFileSync(upload.file));
      res.flash('catalog.pictureSet');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.flash('catalog.error.picture', {}, 'error');
    } finally {
      if (upload.file) fs.rmSync(upload.file, { force: true });
    }
    res.go(`/products/${product.id}`);
  });

  /** The rows editor's type-ahead: active products by the first letters, as buttons that add one (views/catalog/_pick.ejs). */
  r.get('/products/pick', (req, res) => {
    const typed = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    res.fragment('catalog/_pick', { results: typed.trim() ? withStock(ctx.db, req.t, service.pickProducts(ctx, currentUser(req), typed)) : [], q: typed });
  });

  r.get('/products/:id', (req, res) => {
    const user = currentUser(req);
    const product = service.productFor(ctx, user, idParam(req));
    res.page('catalog/show', {
      title: product.name,
      product,
      section: product.sectionId ? findSection(ctx.db, product.sectionId) : null,
      unit: unitLabel(req.t, product.unitCode, product.unitName),
      vatText: product.vatBp === null ? '' : percentText(product.vatBp),
      mayEdit: may(user, 'catalog'),
      exchange: productExchangeCard(ctx.db, req.t, product),
    });
  });

  r.get('/products/:id/edit', (req, res) => {
    const user = currentUser(req);
    const product = service.productFor(ctx, user, idParam(req));
    if (!may(user, 'catalog')) throw new ForbiddenError();
    showForm(req, res, product, formValues(product));
  });

  r.post('/products/:id', (req, res) => {
    const user = currentUser(req);
    const product = service.productFor(ctx, user, idParam(req));
    if (!may(user, 'catalog')) throw new ForbiddenError();
    const form = parseForm(productForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), product, form.values, form.errors);
    try {
      service.updateProduct(ctx, user, product.id, form.data);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), product, form.values, err.fields);
      throw err;
    }
    res.flash('catalog.saved', { name: form.data.name });
    res.go(`/products/${product.id}`);
  });

  r.post('/products/:id/picture/delete', (req, res) => {
    const id = idParam(req);
    service.setProductPicture(ctx, currentUser(req), id, null);
    res.go(`/products/${id}`);
  });

  r.post('/products/:id/delete', (req, res) => {
    const product = service.deleteProduct(ctx, currentUser(req), idParam(req));
    res.flash('catalog.deleted', { name: product.name });
    res.go('/products');
  });

  /** Stored pictures, for signed-in users (products' and the seller's). */
  r.get('/images/:id', (req, res) => {
    const image = findImage(ctx.db, idParam(req));
    if (!image) throw new NotFoundError();
    res.type(image.mime).set('Cache-Control', 'private, max-age=86400').send(image.data);
  });

  return r;
}
