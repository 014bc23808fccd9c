import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { mayEntity } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ConflictError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { lineTotals, sumTotals, type LineTotals } from '../../platform/money.js';
import { vatOptions } from '../catalog/form.js';
import { pickProducts, productFor } from '../catalog/service.js';
import { unitCodes } from '../catalog/units.js';
import { withStock } from '../exchange/stock.js';
import { blankRow, draftOf, parseEditor, readDrafts, type DraftRow } from './form.js';
import type { RowOwner } from './owners.js';
import { asInput, rowFromProduct, rowsOf } from './service.js';

/**
 * The product rows editor of a deal, lead or document: GET shows the stored rows; every POST is the
 * whole table as typed plus one action — recompute, add a catalog product or a blank row, remove a
 * row, or save. Nothing is stored until "save", and all arithmetic happens here on the server, so
 * the editor works the same with htmx (the editor fragment is swapped) and without JavaScript.
 */
export function productRowRoutes(ctx: AppContext, owners: RowOwner[]): Router {
  const r = Router();

  const show = (req: Request, res: Response, owner: RowOwner, record: ReturnType<RowOwner['load']>, drafts: DraftRow[], extra: { q?: string; errors?: FieldErrors } = {}) => {
    const user = currentUser(req);
    const read = readDrafts(drafts, record.currency);
    // Per row: its figures when it reads, so the editor shows line totals and the sum as typed.
    const lines: (LineTotals | null)[] = read.rows.map((row, i) => (Object.keys(read.errors).some((k) => k.startsWith(`rows.${i}.`)) ? null : lineTotals(row)));
    const q = extra.q ?? '';
    const locals = {
      title: req.t('catalog.rows.editTitle', { title: record.title }),
      action: `${owner.base}/${record.id}/products`,
      back: `${owner.base}/${record.id}`,
      currency: record.currency,
      drafts,
      lines,
      // What a recompute on change replaces: each row's sum and the totals.
      figures: ['#rows-foot', ...drafts.map((_d, i) => `#row-${i}-total`)].join(','),
      totals: sumTotals(lines.filter((l): l is LineTotals => l !== null)),
      errors: extra.errors ?? {},
      q,
      results: q ? withStock(ctx.db, req.t, pickProducts(ctx, user, q)) : [],
      mayPick: mayEntity(user, 'product', 'read'),
      units: unitCodes.map((code) => ({ code, name: req.t(`catalog.unit.${code}`) })),
      vatOptions,
    };
    if (req.get('HX-Request')) return res.fragment('product-rows/_editor', locals);
    res.page('product-rows/editor', locals);
  };

  const editable = (owner: RowOwner, user: CurrentUser, id: number) => {
    const record = owner.load(ctx, user, id, 'edit');
    if (record.locked) throw new ConflictError('catalog.rows.error.locked');
    return record;
  };

  for (const owner of owners) {
    const path = `${owner.base}/:id/products`;
    r.use(path, requireUser);

    r.get(path, (req, res) => {
      const record = editable(owner, currentUser(req), idParam(req));
      const drafts = rowsOf(ctx.db, owner.entity, record.id).map((row) => draftOf(asInput(row), record.currency));
      show(req, res, owner, record, drafts.length ? drafts : [blankRow()]);
    });

    r.post(path, (req, res) => {
      const user = currentUser(req);
      const record = editable(owner, user, idParam(req));
      const { rows: drafts, op, q } = parseEditor(req.body ?? {});
      if (op.kind === 'blank') return show(req, res, owner, record, [...drafts, blankRow()], { q });
      if (op.kind === 'remove') return show(req, res, owner, record, drafts.filter((_d, i) => i !== op.index), { q });
      if (op.kind === 'add') {
        const row = rowFromProduct(ctx.db, productFor(ctx, user, op.productId), record.currency);
        if (!row) return show(req, res.status(422), owner, record, drafts, { q, errors: { q: { key: 'catalog.rows.error.noRateAdd', params: { currency: record.currency } } } });
        // A lone empty row (the editor's first) gives way to the product.
        const kept = drafts.length === 1 && !drafts[0]!.name ? [] : drafts;
        return show(req, res, owner, record, [...kept, draftOf(row, record.currency)]);
      }
      if (op.kind === 'refresh') return show(req, res, owner, record, drafts, { q });
      // An empty row left as the editor offered it is not a row.
      const filled = drafts.filter((d) => d.name || d.price);
      const read = readDrafts(filled, record.currency);
      if (Object.keys(read.errors).length) return show(req, res.status(422), owner, record, filled, { q, errors: read.errors });
      try {
        owner.save(ctx, user, record.id, read.rows);
      } catch (err) {
        if (err instanceof ValidationError) return show(req, res.status(422), owner, record, filled, { q, errors: err.fields });
        throw err;
      }
      res.flash('catalog.rows.saved');
      res.go(`${owner.base}/${record.id}`);
    });
  }
  return r;
}
