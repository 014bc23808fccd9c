import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { deals } from '../../db/schema/index.js';
import { mayEntity, mayRecord, rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { currencies, popularCurrencies } from '../../platform/format.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { moneyInput } from '../../platform/money.js';
import { historyOf } from '../../platform/records/history.js';
import { userName } from '../../platform/records/names.js';
import { decodeCursor, encodeCursor } from '../../platform/records/paging.js';
import { MIN_QUERY, searchIds } from '../../platform/records/search.js';
import { pickerState, resolvePickerFields, type PickerSpec } from '../pickers/service.js';
import { fieldViews } from '../inline/fields.js';
import { mayEditInPlace } from '../inline/service.js';
import { allPipelines, findPipeline, referenceList, stagesOf } from '../pipelines/queries.js';
import { activeUsers } from '../users/queries.js';
import { bulkForm, dealFormChecked as dealForm, listQuery, moveForm, quickAddForm } from './form.js';
import { safeNext } from '../auth/form.js';
import * as q from './queries.js';
import { bulkDeals, createDeal, dealFor, defaultCurrency, deleteDeal, moveDeal, updateDeal } from './service.js';
import { idParam } from '../../platform/http/params.js';

const PAGE = 50;
const COLUMN = 30;
const DEAL_PICKERS: PickerSpec[] = [
  { name: 'contactId', entity: 'contact', multiple: false },
  { name: 'companyId', entity: 'company', multiple: false },
];


export function dealRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/deals', requireUser);

  const visible = (user: CurrentUser) => rowCondition(ctx.db, user, 'deal', 'read', { responsible: deals.responsibleId, everyone: deals.everyone });

  const pipelineOf = (req: Request) => {
    const list = allPipelines(ctx.db);
    const wanted = Number(req.query.pipeline);
    return list.find((p) => p.id === wanted) ?? list[0]!;
  };

  const showForm = (req: Request, res: Response, deal: q.DealRow | null, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    const user = currentUser(req);
    const pipelines = allPipelines(ctx.db).map((p) => ({ ...p, stages: stagesOf(ctx.db, p.id) }));
    res.page('deals/form', {
      title: deal ? deal.title : req.t('deals.new'),
      deal,
      values,
      errors,
      pipelines,
      types: referenceList(ctx.db, 'dealType'),
      sources: referenceList(ctx.db, 'source'),
      users: activeUsers(ctx.db),
      pickers: Object.fromEntries(DEAL_PICKERS.map((p) => [p.name, { ...p, ...pickerState(ctx, user, values, p) }])),
      currencyCodes: [...popularCurrencies, ...currencies().filter((c) => !popularCurrencies.includes(c))],
    });
  };

  r.get('/deals', (req, res) => {
    const user = currentUser(req);
    const query = listQuery.parse(req.query);
    const ids = query.q ? searchIds(ctx.db, 'deal', query.q) : null;
    const rows = q.dealPage(ctx.db, {
      visible: visible(user),
      pipelineId: query.pipeline ?? null,
      ids: query.q && ids === null ? [] : ids,
      sort: query.sort,
      dir: query.dir,
      after: decodeCursor(query.after),
      limit: PAGE + 1,
    });
    const page = rows.slice(0, PAGE);
    const last = page[page.length - 1];
    const params = (extra: Record<string, string>) =>
      new URLSearchParams({ q: query.q, sort: query.sort, dir: query.dir, ...(query.pipeline ? { pipeline: String(query.pipeline) } : {}), ...extra });
    const next = rows.length > PAGE && last ? `/deals?${params({ after: encodeCursor({ value: last.deal[query.sort], id: last.deal.id }) })}` : null;
    const stageNames = new Map(allPipelines(ctx.db).flatMap((p) => stagesOf(ctx.db, p.id)).map((s) => [s.id, s]));
    const locals = {
      title: req.t('deals.title'),
      rows: page.map((p) => ({ ...p.deal, responsibleName: p.responsibleName, contactName: p.contactName, companyTitle: p.companyTitle, stage: stageNames.get(p.deal.stageId) })),
      query,
      pipelines: allPipelines(ctx.db),
      next,
      tooShort: query.q.length > 0 && ids === null,
      minQuery: MIN_QUERY,
      mayAdd: mayEntity(user, 'deal', 'add'),
      users: activeUsers(ctx.db),
      stageChoices: allPipelines(ctx.db).map((p) => ({ ...p, stages: stagesOf(ctx.db, p.id) })),
    };
    if (req.get('HX-Request') && ['deal-rows', 'deal-more'].includes(req.get('HX-Target') ?? '')) return res.fragment('deals/_rows', locals);
    res.page('deals/list', locals);
  });

  /** The kanban board of one pipeline; a column's "more" asks for the next cards of that stage. */
  r.get('/deals/kanban', (req, res) => {
    const user = currentUser(req);
    const pipeline = pipelineOf(req);
    const moreStage = Number(req.query.stage);
    if (req.get('HX-Request') && Number.isInteger(moreStage) && moreStage > 0) {
      const before = Number(req.query.before) || null;
      const cards = q.stageCards(ctx.db, { visible: visible(user), stageId: moreStage, beforeId: before, limit: COLUMN + 1 });
      return res.fragment('deals/_cards', { cards: cards.slice(0, COLUMN), more: cards.length > COLUMN, stageId: moreStage, pipeline });
    }
    const totals = q.stageTotals(ctx.db, pipeline.id, visible(user));
    const base = defaultCurrency(ctx);
    const columns = stagesOf(ctx.db, pipeline.id).map((stage) => {
      const cards = q.stageCards(ctx.db, { visible: visible(user), stageId: stage.id, beforeId: null, limit: COLUMN + 1 });
      const mine = totals.filter((t) => t.stageId === stage.id);
      return {
        stage,
        cards: cards.slice(0, COLUMN),
        more: cards.length > COLUMN,
        count: mine.reduce((n, t) => n + t.count, 0),
        sumBase: mine.filter((t) => t.currency === base).reduce((n, t) => n + t.sum, 0),
        otherCurrencies: mine.filter((t) => t.currency !== base).reduce((n, t) => n + t.count, 0),
      };
    });
    res.page('deals/kanban', { title: req.t('deals.kanban'), pipeline, pipelines: allPipelines(ctx.db), columns, base, mayAdd: mayEntity(user, 'deal', 'add') });
  });

  r.get('/deals/new', (req, res) => {
    const pipeline = pipelineOf(req);
    const stageId = Number(req.query.stage) || stagesOf(ctx.db, pipeline.id)[0]?.id;
    showForm(req, res, null, { stageId, currency: defaultCurrency(ctx), responsibleId: currentUser(req).id, companyId: req.query.company, contactId: req.query.contact });
  });

  r.post('/deals', (req, res) => {
    const picked = resolvePickerFields(ctx, currentUser(req), req.body ?? {}, DEAL_PICKERS);
    const form = parseForm(dealForm, picked.values);
    if (!form.ok || picked.errors) return showForm(req, res.status(422), null, picked.values, { ...(form.ok ? {} : form.errors), ...picked.errors });
    try {
      const deal = createDeal(ctx, currentUser(req), form.data);
      res.flash('deals.created', { title: deal.title });
      res.go(`/deals/${deal.id}`);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), null, form.values, err.fields);
      throw err;
    }
  });

  /** Quick-add from a kanban column: a title is enough; the rest takes the defaults. */
  r.post('/deals/quick', (req, res) => {
    const user = currentUser(req);
    const form = parseForm(quickAddForm, req.body);
    const stage = form.ok ? q.findStage(ctx.db, form.data.stageId) : null;
    if (!form.ok || !stage) throw new ValidationError(form.ok ? { stageId: { key: 'validation.invalid' } } : form.errors);
    createDeal(ctx, user, {
      title: form.data.title, stageId: stage.id, amount: '', currency: defaultCurrency(ctx), probability: null, typeId: null, sourceId: null,
      expectedClose: null, contactId: null, companyId: null, responsibleId: user.id, everyone: false, comments: null,
    });
    res.go(`/deals/kanban?pipeline=${stage.pipelineId}`);
  });

  // Before /deals/:id, which would take "bulk" for an id.
  r.post('/deals/bulk', (req, res) => {
    const form = parseForm(bulkForm, req.body);
    if (!form.ok) {
      const first = Object.values(form.errors)[0]!;
      res.flash(first.key, first.params, 'error');
      return res.go(safeNext(typeof req.body?.back === 'string' ? req.body.back : '/deals'));
    }
    const { ids, action, responsibleId, stageId } = form.data;
    const back = safeNext(form.data.back ?? '/deals');
    try {
      const done = bulkDeals(
        ctx,
        currentUser(req),
        ids,
        action === 'assign' ? { kind: 'assign', responsibleId: responsibleId! } : action === 'stage' ? { kind: 'stage', stageId: stageId! } : { kind: 'delete' },
      );
      res.flash('deals.bulk.done', { n: done });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.flash('deals.bulk.refused', {}, 'error');
    }
    res.go(back);
  });

  r.get('/deals/:id', (req, res) => {
    const user = currentUser(req);
    const deal = dealFor(ctx, user, idParam(req), 'read');
    res.page('deals/show', {
      title: deal.title,
      deal,
      pipeline: findPipeline(ctx.db, deal.pipelineId),
      stages: stagesOf(ctx.db, deal.pipelineId),
      responsibleName: userName(ctx.db, deal.responsibleId) ?? '',
      fields: fieldViews(ctx, user, 'deal', deal, mayEditInPlace(ctx, user, 'deal', deal)),
      mayAddContact: mayEntity(user, 'contact', 'add'),
      history: historyOf(ctx.db, 'deal', deal.id),
      mayEdit: mayRecord(ctx.db, user, 'deal', 'edit', deal),
      mayDelete: mayRecord(ctx.db, user, 'deal', 'delete', deal),
    });
  });

  r.get('/deals/:id/edit', (req, res) => {
    const deal = dealFor(ctx, currentUser(req), idParam(req), 'edit');
    showForm(req, res, deal, { ...deal, amount: deal.amountMinor ? moneyInput(deal.amountMinor, deal.currency) : '' });
  });

  r.post('/deals/:id', (req, res) => {
    const user = currentUser(req);
    const deal = dealFor(ctx, user, idParam(req), 'edit');
    const picked = resolvePickerFields(ctx, user, req.body ?? {}, DEAL_PICKERS);
    const form = parseForm(dealForm, picked.values);
    if (!form.ok || picked.errors) return showForm(req, res.status(422), deal, picked.values, { ...(form.ok ? {} : form.errors), ...picked.errors });
    try {
      updateDeal(ctx, user, deal.id, form.data);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), deal, form.values, err.fields);
      throw err;
    }
    res.flash('deals.saved', { title: form.data.title });
    res.go(`/deals/${deal.id}`);
  });

  /** A stage change: from a kanban drop (htmx, answers 204) or the stage buttons on the deal page. */
  r.post('/deals/:id/stage', (req, res) => {
    const form = parseForm(moveForm, req.body);
    if (!form.ok) throw new ValidationError(form.errors);
    const deal = moveDeal(ctx, currentUser(req), idParam(req), form.data.stageId);
    if (req.get('HX-Request')) return res.status(204).end();
    res.go(`/deals/${deal.id}`);
  });

  r.post('/deals/:id/delete', (req, res) => {
    const user = currentUser(req);
    const deal = dealFor(ctx, user, idParam(req), 'delete');
    deleteDeal(ctx, user, deal.id);
    res.flash('deals.deleted', { title: deal.title });
    res.go('/deals');
  });

  return r;
}
