import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { mayEntity, mayRecord, rowCondition } from '../../platform/access/index.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { commKinds, commTypes, loadComms } from '../../platform/records/communications.js';
import { historyOf } from '../../platform/records/history.js';
import { decodeCursor, encodeCursor } from '../../platform/records/paging.js';
import { MIN_QUERY, searchIds } from '../../platform/records/search.js';
import { companies } from '../../db/schema/index.js';
import { referenceList } from '../pipelines/queries.js';
import { activeUsers } from '../users/queries.js';
import { companyForm, listQuery } from './form.js';
import * as q from './queries.js';
import { companyFor, createCompany, deleteCompany, updateCompany } from './service.js';
import { idParam } from '../../platform/http/params.js';
import { userName } from '../../platform/records/names.js';
import { fieldViews } from '../inline/fields.js';
import { mayEditInPlace, relatedDeals } from '../inline/service.js';

const PAGE = 50;


export function companyRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/companies', requireUser);

  const formChoices = () => ({
    types: referenceList(ctx.db, 'companyType'),
    industries: referenceList(ctx.db, 'industry'),
    users: activeUsers(ctx.db),
    commKinds,
    commTypes,
  });

  const showForm = (req: Request, res: Response, company: q.CompanyRow | null, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    res.page('companies/form', { title: company ? company.title : req.t('companies.new'), company, values, errors, ...formChoices() });
  };

  r.get('/companies', (req, res) => {
    const user = currentUser(req);
    const query = listQuery.parse(req.query);
    const ids = query.q ? searchIds(ctx.db, 'company', query.q) : null;
    const rows = q.companyPage(ctx.db, {
      visible: rowCondition(ctx.db, user, 'company', 'read', { responsible: companies.responsibleId }),
      ids: query.q && ids === null ? [] : ids,
      sort: query.sort,
      dir: query.dir,
      after: decodeCursor(query.after),
      limit: PAGE + 1,
    });
    const page = rows.slice(0, PAGE);
    const last = page[page.length - 1];
    const next =
      rows.length > PAGE && last
        ? `/companies?${new URLSearchParams({ q: query.q, sort: query.sort, dir: query.dir, after: encodeCursor({ value: last.company[query.sort], id: last.company.id }) })}`
        : null;
    const comms = loadComms(ctx.db, 'company', page.map((p) => p.company.id));
    const locals = {
      title: req.t('companies.title'),
      rows: page.map((p) => ({ ...p.company, responsibleName: p.responsibleName, comms: comms.get(p.company.id) ?? [] })),
      query,
      next,
      tooShort: query.q.length > 0 && ids === null,
      minQuery: MIN_QUERY,
      mayAdd: mayEntity(user, 'company', 'add'),
    };
    // The search box swaps the rows; "more" replaces itself with the next rows.
    if (req.get('HX-Request') && ['company-rows', 'company-more'].includes(req.get('HX-Target') ?? '')) return res.fragment('companies/_rows', locals);
    res.page('companies/list', locals);
  });

  r.get('/companies/new', (req, res) => {
    showForm(req, res, null, { responsibleId: currentUser(req).id });
  });

  r.post('/companies', (req, res) => {
    const form = parseForm(companyForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), null, form.values, form.errors);
    try {
      const company = createCompany(ctx, currentUser(req), form.data);
      res.flash('companies.created', { title: company.title });
      res.go(`/companies/${company.id}`);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), null, form.values, err.fields);
      throw err;
    }
  });

  r.get('/companies/:id', (req, res) => {
    const user = currentUser(req);
    const company = companyFor(ctx, user, idParam(req), 'read');
    const contacts = q.contactsOfCompany(ctx.db, company.id).filter((c) => mayRecord(ctx.db, user, 'contact', 'read', c));
    res.page('companies/show', {
      title: company.title,
      company,
      responsibleName: userName(ctx.db, company.responsibleId) ?? '',
      fields: fieldViews(ctx, user, 'company', company, mayEditInPlace(ctx, user, 'company', company)),
      contacts,
      deals: relatedDeals(ctx, user, { companyId: company.id }),
      mayAddContact: mayEntity(user, 'contact', 'add'),
      mayAddDeal: mayEntity(user, 'deal', 'add'),
      history: historyOf(ctx.db, 'company', company.id),
      mayEdit: mayRecord(ctx.db, user, 'company', 'edit', company),
      mayDelete: mayRecord(ctx.db, user, 'company', 'delete', company),
    });
  });

  r.get('/companies/:id/edit', (req, res) => {
    const company = companyFor(ctx, currentUser(req), idParam(req), 'edit');
    const comms = loadComms(ctx.db, 'company', [company.id]).get(company.id) ?? [];
    const grouped = Object.fromEntries(commKinds.map((k) => [k, comms.filter((c) => c.kind === k)]));
    showForm(req, res, company, { ...company, comms: grouped });
  });

  r.post('/companies/:id', (req, res) => {
    const user = currentUser(req);
    const company = companyFor(ctx, user, idParam(req), 'edit');
    const form = parseForm(companyForm, req.body);
    if (!form.ok) return showForm(req, res.status(422), company, form.values, form.errors);
    try {
      updateCompany(ctx, user, company.id, form.data);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), company, form.values, err.fields);
      throw err;
    }
    res.flash('companies.saved', { title: form.data.title });
    res.go(`/companies/${company.id}`);
  });

  r.post('/companies/:id/delete', (req, res) => {
    const user = currentUser(req);
    const company = companyFor(ctx, user, idParam(req), 'delete');
    deleteCompany(ctx, user, company.id);
    res.flash('companies.deleted', { title: company.title });
    res.go('/companies');
  });

  return r;
}
