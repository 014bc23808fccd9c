import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { leadTotals, leads } from '../../db/schema/index.js';
import { mayEntity, mayRecord, rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { moneyInput } from '../../platform/money.js';
import { commKinds, commTypes, loadComms } from '../../platform/records/communications.js';
import { historyOf } from '../../platform/records/history.js';
import { originOf } from '../../platform/records/origins.js';
import { recordActivities } from '../activities/service.js';
import { userName } from '../../platform/records/names.js';
import { mountList } from '../../platform/records/list/routes.js';
import { allLeadStatuses, allPipelines, referenceList, stagesOf } from '../pipelines/queries.js';
import { activeUsers } from '../users/queries.js';
import { defaultCurrency } from '../deals/service.js';
import { conversionMatches, conversionRequired, convertedInto, convertLead } from './convert.js';
import { convertForm, leadForm, quickAddForm, statusForm } from './form.js';
import { customFormFields, prefixedFormFields, prefixedPickers, withCustomPicks } from '../custom/view.js';
import { customFormValues, requiredFields } from '../../platform/records/custom/index.js';
import * as q from './queries.js';
import { bulkLeads, createLead, deleteLead, leadFor, setLeadStatus, updateLead } from './service.js';
import { idParam } from '../../platform/http/params.js';
import { rowsCard } from '../product-rows/service.js';
import { shownRows } from '../../platform/records/builtin.js';
import { duplicateGate } from '../duplicates/routes.js';
import type { Candidate } from '../duplicates/service.js';
import { fieldViews } from '../inline/fields.js';
import { mayEditInPlace } from '../inline/service.js';
import { resolvePickerFields } from '../pickers/service.js';

const COLUMN = 15;


export function leadRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/leads', requireUser);

  const visible = (user: CurrentUser) => rowCondition(ctx.db, user, 'lead', 'read', { responsible: leads.responsibleId, everyone: leads.everyone });
  const openStatuses = () => allLeadStatuses(ctx.db).filter((s) => s.semantics !== 'converted');

  // Before /leads/:id, which would take "bulk" or "views" for an id.
  mountList(r, ctx, {
    entity: 'lead',
    base: '/leads',
    table: leads,
    id: leads.id,
    deletedAt: leads.deletedAt,
    fields: (user) => q.leadListFields(ctx.db, user.locale),
    columns: ['title', 'status', 'name', 'companyTitle', 'phone', 'responsible', 'createdAt'],
    sort: { key: 'createdAt', dir: 'desc' },
    visible,
    page: 'leads/list',
    rows: 'leads/_rows',
    prefix: 'lead',
    title: 'leads.title',
    empty: 'leads.none',
    searchPlaceholder: 'leads.searchPlaceholder',
    mayAdd: (user) => mayEntity(user, 'lead', 'add'),
    bulk: {
      actions: ['assign', 'status', 'delete'],
      run: (user, ids, action) => bulkLeads(ctx, user, ids, action),
      targets: (user) => shownRows(user.locale, 'status', openStatuses()).map((s) => ({ id: s.id, name: s.name })),
      assignees: () => activeUsers(ctx.db),
      done: 'lists.bulk.done.lead',
      refused: 'lists.bulk.refused',
      confirm: 'lists.bulk.deleteConfirm',
      selected: 'lists.bulk.selected',
    },
  });

  const showForm = (req: Request, res: Response, lead: q.LeadRow | null, values: Record<string, unknown>, errors: FieldErrors = {}, duplicates: Candidate[] = []) => {
    res.page('leads/form', {
      title: lead ? lead.title : req.t('leads.new'),
      lead,
      values,
      errors,
      statuses: openStatuses(),
      sources: referenceList(ctx.db, 'source'),
      users: activeUsers(ctx.db),
      commKinds,
      commTypes,
      duplicates,
      ...customFormFields(ctx, currentUser(req), 'lead', values),
    });
  };

  r.get('/leads/kanban', (req, res) => {
    const user = currentUser(req);
    const moreStatus = Number(req.query.status);
    if (req.get('HX-Request') && Number.isInteger(moreStatus) && moreStatus > 0) {
      const cards = q.boardLeads(ctx.db, { visible: visible(user), of: { statusId: moreStatus, beforeId: Number(req.query.before) || null }, limit: COLUMN + 1 });
      return res.fragment('leads/_cards', { cards: cards.slice(0, COLUMN), more: cards.length > COLUMN, statusId: moreStatus });
    }
    const counts = new Map(q.statusCounts(ctx.db, rowCondition(ctx.db, user, 'lead', 'read', { responsible: leadTotals.responsibleId, everyone: leadTotals.everyone })).map((c) => [c.statusId, c.count]));
    const board = q.boardLeads(ctx.db, { visible: visible(user), of: null, limit: COLUMN + 1 });
    const columns = allLeadStatuses(ctx.db).map((status) => {
      const cards = board.filter((c) => c.statusId === status.id);
      return { status, cards: cards.slice(0, COLUMN), more: cards.length > COLUMN, count: counts.get(status.id) ?? 0 };
    });
    res.page('leads/kanban', { title: req.t('leads.kanban'), columns, mayAdd: mayEntity(user, 'lead', 'add') });
  });

  /** Quick-add from a kanban column: a title is enough; the rest takes the defaults. */
  r.post('/leads/quick', (req, res) => {
    const user = currentUser(req);
    const form = parseForm(quickAddForm, req.body);
    const status = form.ok ? openStatuses().find((s) => s.id === form.data.statusId) : undefined;
    if (!form.ok || !status) throw new ValidationError(form.ok ? { statusId: { key: 'validation.invalid' } } : form.errors);
    const required = requiredFields(ctx.db, 'lead');
    if (required.length) {
      // The quick form cannot ask for them: the full form opens with the title and status filled in.
      res.flash('custom.requiredQuick', { fields: required.map((d) => d.label).join(', ') }, 'error');
      return res.go(`/leads/new?status=${status.id}&title=${encodeURIComponent(form.data.title)}`);
    }
    createLead(ctx, user, {
      title: form.data.title, statusId: status.id, lastName: null, firstName: null, middleName: null, companyTitle: null, position: null, sourceId: null,
      amount: '', currency: defaultCurrency(ctx), responsibleId: user.id, everyone: false, comments: null, comms: [],
    });
    res.go('/leads/kanban');
  });

  r.get('/leads/new', (req, res) => {
    const statusId = openStatuses().find((s) => s.id === Number(req.query.status))?.id ?? openStatuses()[0]?.id;
    const title = typeof req.query.title === 'string' ? req.query.title : undefined;
    showForm(req, res, null, { title, statusId, currency: defaultCurrency(ctx), responsibleId: currentUser(req).id });
  });

  r.post('/leads', (req, res) => {
    const form = parseForm(leadForm, withCustomPicks(ctx, currentUser(req), 'lead', req.body));
    if (!form.ok) return showForm(req, res.status(422), null, form.values, form.errors);
    const gate = duplicateGate(ctx, req, 'lead');
    if (gate.duplicates) return showForm(req, res.status(422), null, form.values, {}, gate.duplicates);
    try {
      const lead = createLead(ctx, currentUser(req), form.data);
      res.flash('leads.created', { title: lead.title });
      res.go(gate.after(lead.id) ?? `/leads/${lead.id}`);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), null, form.values, err.fields);
      throw err;
    }
  });

  const showLead = (req: Request, res: Response, lead: q.LeadRow, errors: FieldErrors = {}, posted: Record<string, unknown> = {}) => {
    const user = currentUser(req);
    const required = lead.convertedAt ? null : conversionRequired(ctx, lead);
    res.page('leads/show', {
      title: lead.title,
      convertFields: required
        ? { contact: prefixedFormFields(ctx, user, 'contact', required.contact, posted), company: prefixedFormFields(ctx, user, 'company', required.company, posted), deal: prefixedFormFields(ctx, user, 'deal', required.deal, posted) }
        : { contact: [], company: [], deal: [] },
      convertValues: posted,
      customCurrency: defaultCurrency(ctx),
      lead,
      errors,
      statuses: allLeadStatuses(ctx.db),
      fields: fieldViews(ctx, user, 'lead', lead, mayEditInPlace(ctx, user, 'lead', lead)),
      responsibleName: userName(ctx.db, lead.responsibleId) ?? '',
      origin: originOf(ctx.db, 'lead', lead.id),
      history: historyOf(ctx.db, 'lead', lead.id),
      activityPanel: recordActivities(ctx, user, 'lead', lead.id),
      matches: lead.convertedAt ? { contacts: [], companies: [] } : conversionMatches(ctx, user, lead),
      became: lead.convertedAt ? convertedInto(ctx, user, lead) : [],
      pipelines: allPipelines(ctx.db).map((p) => ({ ...p, stages: stagesOf(ctx.db, p.id).filter((s) => s.semantics === 'open') })),
      mayEdit: mayRecord(ctx.db, user, 'lead', 'edit', lead),
      mayDelete: mayRecord(ctx.db, user, 'lead', 'delete', lead),
      productRows: rowsCard(ctx.db, req.t, { entity: 'lead', id: lead.id, currency: lead.currency, editHref: `/leads/${lead.id}/products`, mayEdit: !lead.convertedAt && mayRecord(ctx.db, user, 'lead', 'edit', lead) }),
    });
  };

  r.get('/leads/:id', (req, res) => showLead(req, res, leadFor(ctx, currentUser(req), idParam(req), 'read')));

  r.get('/leads/:id/edit', (req, res) => {
    const lead = leadFor(ctx, currentUser(req), idParam(req), 'edit');
    const comms = loadComms(ctx.db, 'lead', [lead.id]).get(lead.id) ?? [];
    showForm(req, res, lead, { ...lead, amount: lead.amountMinor ? moneyInput(lead.amountMinor, lead.currency) : '', comms: Object.fromEntries(commKinds.map((k) => [k, comms.filter((c) => c.kind === k)])), ...customFormValues(ctx.db, currentUser(req), 'lead', lead.custom) });
  });

  r.post('/leads/:id', (req, res) => {
    const user = currentUser(req);
    const lead = leadFor(ctx, user, idParam(req), 'edit');
    const form = parseForm(leadForm, withCustomPicks(ctx, currentUser(req), 'lead', req.body));
    if (!form.ok) return showForm(req, res.status(422), lead, form.values, form.errors);
    try {
      updateLead(ctx, user, lead.id, form.data);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), lead, form.values, err.fields);
      throw err;
    }
    res.flash('leads.saved', { title: form.data.title });
    res.go(`/leads/${lead.id}`);
  });

  r.post('/leads/:id/status', (req, res) => {
    const form = parseForm(statusForm, req.body);
    if (!form.ok) throw new ValidationError(form.errors);
    setLeadStatus(ctx, currentUser(req), idParam(req), form.data.statusId);
    if (req.get('HX-Request')) return res.status(204).end();
    res.go(`/leads/${req.params.id}`);
  });

  r.post('/leads/:id/convert', (req, res) => {
    const user = currentUser(req);
    const lead = leadFor(ctx, user, idParam(req), 'edit');
    const form = parseForm(convertForm, req.body);
    const picked = resolvePickerFields(ctx, user, req.body ?? {}, (['contact', 'company', 'deal'] as const).flatMap((e) => prefixedPickers(ctx, e)));
    if (!form.ok) return showLead(req, res.status(422), lead, form.errors, picked.values);
    try {
      const made = convertLead(ctx, user, lead.id, form.data, picked.values);
      res.flash('leads.converted', { title: lead.title });
      res.go(made.dealId ? `/deals/${made.dealId}` : made.contactId ? `/contacts/${made.contactId}` : `/companies/${made.companyId}`);
    } catch (err) {
      if (err instanceof ValidationError) return showLead(req, res.status(422), lead, err.fields, picked.values);
      throw err;
    }
  });

  r.post('/leads/:id/delete', (req, res) => {
    const user = currentUser(req);
    const lead = leadFor(ctx, user, idParam(req), 'delete');
    deleteLead(ctx, user, lead.id);
    res.flash('leads.deleted', { title: lead.title });
    res.go('/leads');
  });

  return r;
}
