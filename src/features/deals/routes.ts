import { Router, type Request, type Response } from 'express';
import { originOf } from '../../platform/records/origins.js';
import type { AppContext } from '../../context.js';
import { companies, contacts, dealTotals, deals } from '../../db/schema/index.js';
import { mayEntity, mayRecord, rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { currencies, popularCurrencies } from '../../platform/format.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { moneyInput } from '../../platform/money.js';
import { historyOf } from '../../platform/records/history.js';
import { recordActivities } from '../activities/service.js';
import { userName } from '../../platform/records/names.js';
import { pickerState, resolvePickerFields, type PickerSpec } from '../pickers/service.js';
import { fieldViews } from '../inline/fields.js';
import { mayEditInPlace } from '../inline/service.js';
import { allPipelines, findPipeline, referenceList, stagesOf } from '../pipelines/queries.js';
import { activeUsers } from '../users/queries.js';
import { boardFilter, dealFormChecked as dealForm, moveForm, quickAddForm } from './form.js';
import { and } from 'drizzle-orm';
import { mountList } from '../../platform/records/list/routes.js';
import { customFormFields, customPickers } from '../custom/view.js';
import { customFormValues, requiredFields } from '../../platform/records/custom/index.js';
import * as q from './queries.js';
import { clientCards } from './client.js';
import { boardConditions, bulkDeals, createDeal, dealFor, defaultCurrency, deleteDeal, moveDeal, updateDeal } from './service.js';
import { idParam } from '../../platform/http/params.js';
import { hasRows, rowsCard } from '../product-rows/service.js';
import { dealDocuments } from '../documents/view.js';
import { sumAtCurrentRates } from '../currencies/service.js';

const COLUMN = 15;
const DEAL_PICKERS: PickerSpec[] = [
  { name: 'contactId', entity: 'contact', multiple: false },
  { name: 'companyId', entity: 'company', multiple: false },
];


export function dealRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/deals', requireUser);

  const visible = (user: CurrentUser) => rowCondition(ctx.db, user, 'deal', 'read', { responsible: deals.responsibleId, everyone: deals.everyone });
  const clients = (user: CurrentUser): q.ClientsVisible => ({
    contact: rowCondition(ctx.db, user, 'contact', 'read', { responsible: contacts.responsibleId }),
    company: rowCondition(ctx.db, user, 'company', 'read', { responsible: companies.responsibleId }),
  });

  // Before /deals/:id, which would take "bulk" or "views" for an id.
  mountList(r, ctx, {
    entity: 'deal',
    base: '/deals',
    table: deals,
    id: deals.id,
    deletedAt: deals.deletedAt,
    fields: (user) => q.dealListFields(ctx.db, clients(user), user.locale),
    columns: ['title', 'stage', 'amountMinor', 'company', 'contact', 'responsible', 'createdAt'],
    sort: { key: 'createdAt', dir: 'desc' },
    visible,
    page: 'deals/list',
    rows: 'deals/_rows',
    prefix: 'deal',
    title: 'deals.title',
    empty: 'deals.none',
    searchPlaceholder: 'deals.searchPlaceholder',
    mayAdd: (user) => mayEntity(user, 'deal', 'add'),
    bulk: {
      actions: ['assign', 'stage', 'delete'],
      run: (user, ids, action) => bulkDeals(ctx, user, ids, action),
      targets: (user) => q.stageChoices(ctx.db, user.locale),
      assignees: () => activeUsers(ctx.db),
      done: 'deals.bulk.done',
      refused: 'deals.bulk.refused',
      confirm: 'deals.bulk.deleteConfirm',
      selected: 'deals.bulk.selected',
    },
  });

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
      amountFromRows: deal ? hasRows(ctx.db, 'deal', deal.id) : false,
      ...customFormFields(ctx, user, 'deal', values),
    });
  };

  /**
   * The kanban board of one pipeline, filtered by responsible and text; a column's "more" asks for
   * the next cards of that stage under the same filter.
   */
  r.get('/deals/kanban', (req, res) => {
    const user = currentUser(req);
    const pipeline = pipelineOf(req);
    const filter = boardFilter.parse(req.query);
    const where = boardConditions(ctx, filter);
    const shown = and(visible(user), where.cards);
    const filterQuery = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();
    const moreStage = Number(req.query.stage);
    if (req.get('HX-Request') && Number.isInteger(moreStage) && moreStage > 0) {
      const before = Number(req.query.before) || null;
      const cards = q.boardCards(ctx.db, { visible: shown, clients: clients(user), of: { stageId: moreStage, beforeId: before }, limit: COLUMN + 1 });
      return res.fragment('deals/_cards', { cards: cards.slice(0, COLUMN), more: cards.length > COLUMN, stageId: moreStage, pipeline, filterQuery });
    }
    const totals = where.byText
      ? q.filteredStageTotals(ctx.db, pipeline.id, shown)
      : q.stageTotals(ctx.db, pipeline.id, and(rowCondition(ctx.db, user, 'deal', 'read', { responsible: dealTotals.responsibleId, everyone: dealTotals.everyone }), where.totals));
    const base = defaultCurrency(ctx);
    const board = q.boardCards(ctx.db, { visible: shown, clients: clients(user), of: { pipelineId: pipeline.id }, limit: COLUMN + 1 });
    const columns = stagesOf(ctx.db, pipeline.id).map((stage) => {
      const cards = board.filter((c) => c.stageId === stage.id);
      const mine = totals.filter((t) => t.stageId === stage.id);
      // Deals in other currencies join the sum at the current rates; those without a rate are counted beside it.
      const inBase = sumAtCurrentRates(ctx.db, mine, base);
      return {
        stage,
        cards: cards.slice(0, COLUMN),
        more: cards.length > COLUMN,
        count: mine.reduce((n, t) => n + t.count, 0),
        sumBase: inBase.sum,
        otherCurrencies: inBase.unconverted,
      };
    });
    res.page('deals/kanban', {
      title: req.t('deals.kanban'), pipeline, pipelines: allPipelines(ctx.db), columns, base, mayAdd: mayEntity(user, 'deal', 'add'),
      filter, filterQuery, tooShort: where.tooShort, users: activeUsers(ctx.db),
    });
  });

  r.get('/deals/new', (req, res) => {
    const pipeline = pipelineOf(req);
    const stageId = Number(req.query.stage) || stagesOf(ctx.db, pipeline.id)[0]?.id;
    const title = typeof req.query.title === 'string' ? req.query.title : undefined;
    showForm(req, res, null, { title, stageId, currency: defaultCurrency(ctx), responsibleId: currentUser(req).id, companyId: req.query.company, contactId: req.query.contact });
  });

  r.post('/deals', (req, res) => {
    const picked = resolvePickerFields(ctx, currentUser(req), req.body ?? {}, [...DEAL_PICKERS, ...customPickers(ctx, 'deal')]);
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
    const required = requiredFields(ctx.db, 'deal');
    if (required.length) {
      // The quick form cannot ask for them: the full form opens with the title and stage filled in.
      res.flash('custom.requiredQuick', { fields: required.map((d) => d.label).join(', ') }, 'error');
      return res.go(`/deals/new?pipeline=${stage.pipelineId}&stage=${stage.id}&title=${encodeURIComponent(form.data.title)}`);
    }
    createDeal(ctx, user, {
      title: form.data.title, stageId: stage.id, amount: '', currency: defaultCurrency(ctx), probability: null, typeId: null, sourceId: null,
      expectedClose: null, contactId: null, companyId: null, responsibleId: user.id, everyone: false, comments: null,
    });
    res.go(`/deals/kanban?pipeline=${stage.pipelineId}`);
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
      origin: originOf(ctx.db, 'deal', deal.id),
      fields: fieldViews(ctx, user, 'deal', deal, mayEditInPlace(ctx, user, 'deal', deal)),
      mayAddContact: mayEntity(user, 'contact', 'add'),
      clientCards: clientCards(ctx, user, deal),
      history: historyOf(ctx.db, 'deal', deal.id),
      activityPanel: recordActivities(ctx, user, 'deal', deal.id),
      mayEdit: mayRecord(ctx.db, user, 'deal', 'edit', deal),
      mayDelete: mayRecord(ctx.db, user, 'deal', 'delete', deal),
      productRows: rowsCard(ctx.db, req.t, { entity: 'deal', id: deal.id, currency: deal.currency, editHref: `/deals/${deal.id}/products`, mayEdit: mayRecord(ctx.db, user, 'deal', 'edit', deal) }),
      documents: dealDocuments(ctx, user, deal.id, mayRecord(ctx.db, user, 'deal', 'edit', deal)),
    });
  });

  r.get('/deals/:id/edit', (req, res) => {
    const user = currentUser(req);
    const deal = dealFor(ctx, user, idParam(req), 'edit');
    showForm(req, res, deal, { ...deal, amount: deal.amountMinor ? moneyInput(deal.amountMinor, deal.currency) : '', ...customFormValues(ctx.db, user, 'deal', deal.custom) });
  });

  r.post('/deals/:id', (req, res) => {
    const user = currentUser(req);
    const deal = dealFor(ctx, user, idParam(req), 'edit');
    const picked = resolvePickerFields(ctx, user, req.body ?? {}, [...DEAL_PICKERS, ...customPickers(ctx, 'deal')]);
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
