import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { mayEntity, mayRecord, rowCondition } from '../../platform/access/index.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { commKinds, commTypes, loadComms } from '../../platform/records/communications.js';
import { historyOf } from '../../platform/records/history.js';
import { mountList } from '../../platform/records/list/routes.js';
import { recordActivities } from '../activities/service.js';
import { companies } from '../../db/schema/index.js';
import { referenceList } from '../pipelines/queries.js';
import { activeUsers } from '../users/queries.js';
import { companyForm } from './form.js';
import { customFormFields, withCustomPicks } from '../custom/view.js';
import { customFormValues } from '../../platform/records/custom/index.js';
import * as q from './queries.js';
import { bulkCompanies, companyFor, createCompany, deleteCompany, updateCompany } from './service.js';
import { idParam } from '../../platform/http/params.js';
import { duplicateGate } from '../duplicates/routes.js';
import type { Candidate } from '../duplicates/service.js';
import { userName } from '../../platform/records/names.js';
import { fieldViews } from '../inline/fields.js';
import { mayEditInPlace, relatedDeals } from '../inline/service.js';



export function companyRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/companies', requireUser);

  // Before /companies/:id, which would take "bulk" or "views" for an id.
  mountList(r, ctx, {
    entity: 'company',
    base: '/companies',
    table: companies,
    id: companies.id,
    deletedAt: companies.deletedAt,
    fields: (user) => q.companyListFields(ctx.db, user.locale),
    columns: ['title', 'phone', 'email', 'taxId', 'responsible', 'createdAt'],
    sort: { key: 'title', dir: 'asc' },
    visible: (user) => rowCondition(ctx.db, user, 'company', 'read', { responsible: companies.responsibleId }),
    page: 'companies/list',
    rows: 'companies/_rows',
    prefix: 'company',
    title: 'companies.title',
    empty: 'companies.none',
    searchPlaceholder: 'companies.searchPlaceholder',
    mayAdd: (user) => mayEntity(user, 'company', 'add'),
    bulk: {
      actions: ['assign', 'delete'],
      run: (user, ids, action) => bulkCompanies(ctx, user, ids, action),
      assignees: () => activeUsers(ctx.db),
      done: 'lists.bulk.done.company',
      refused: 'lists.bulk.refused',
      confirm: 'lists.bulk.deleteConfirm',
      selected: 'lists.bulk.selected',
    },
  });

  const formChoices = () => ({
    types: referenceList(ctx.db, 'companyType'),
    industries: referenceList(ctx.db, 'industry'),
    users: activeUsers(ctx.db),
    commKinds,
    commTypes,
  });

  const showForm = (req: Request, res: Response, company: q.CompanyRow | null, values: Record<string, unknown>, errors: FieldErrors = {}, duplicates: Candidate[] = []) => {
    res.page('companies/form', { title: company ? company.title : req.t('companies.new'), company, values, errors, duplicates, ...formChoices(), ...customFormFields(ctx, currentUser(req), 'company', values) });
  };

  r.get('/companies/new', (req, res) => {
    showForm(req, res, null, { responsibleId: currentUser(req).id });
  });

  r.post('/companies', (req, res) => {
    const form = parseForm(companyForm, withCustomPicks(ctx, currentUser(req), 'company', req.body));
    if (!form.ok) return showForm(req, res.status(422), null, form.values, form.errors);
    const gate = duplicateGate(ctx, req, 'company');
    if (gate.duplicates) return showForm(req, res.status(422), null, form.values, {}, gate.duplicates);
    try {
      const company = createCompany(ctx, currentUser(req), form.data);
      res.flash('companies.created', { title: company.title });
      res.go(gate.after(company.id) ?? `/companies/${company.id}`);
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
      mayLinkContact: mayEntity(user, 'contact', 'edit'),
      mayAddDeal: mayEntity(user, 'deal', 'add'),
      history: historyOf(ctx.db, 'company', company.id),
      activityPanel: recordActivities(ctx, user, 'company', company.id),
      mayEdit: mayRecord(ctx.db, user, 'company', 'edit', company),
      mayDelete: mayRecord(ctx.db, user, 'company', 'delete', company),
    });
  });

  r.get('/companies/:id/edit', (req, res) => {
    const company = companyFor(ctx, currentUser(req), idParam(req), 'edit');
    const comms = loadComms(ctx.db, 'company', [company.id]).get(company.id) ?? [];
    const grouped = Object.fromEntries(commKinds.map((k) => [k, comms.filter((c) => c.kind === k)]));
    showForm(req, res, company, { ...company, comms: grouped, ...customFormValues(ctx.db, currentUser(req), 'company', company.custom) });
  });

  r.post('/companies/:id', (req, res) => {
    const user = currentUser(req);
    const company = companyFor(ctx, user, idParam(req), 'edit');
    const form = parseForm(companyForm, withCustomPicks(ctx, currentUser(req), 'company', req.body));
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
