import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { contacts } from '../../db/schema/index.js';
import { mayEntity, mayRecord, rowCondition } from '../../platform/access/index.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { commKinds, commTypes, loadComms } from '../../platform/records/communications.js';
import { historyOf } from '../../platform/records/history.js';
import { userName } from '../../platform/records/names.js';
import { decodeCursor, encodeCursor } from '../../platform/records/paging.js';
import { MIN_QUERY, searchIds } from '../../platform/records/search.js';
import { referenceList } from '../pipelines/queries.js';
import { activeUsers } from '../users/queries.js';
import { contactForm, listQuery } from './form.js';
import * as q from './queries.js';
import { contactFor, createContact, deleteContact, updateContact } from './service.js';
import { idParam } from '../../platform/http/params.js';
import { fieldViews } from '../inline/fields.js';
import { pickerState, resolvePickerFields, type PickerSpec } from '../pickers/service.js';
import { mayEditInPlace, relatedDeals } from '../inline/service.js';

const PAGE = 50;
const COMPANY_PICKER: PickerSpec = { name: 'companyIds', entity: 'company', multiple: true };


export function contactRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/contacts', requireUser);

  const showForm = (req: Request, res: Response, contact: q.ContactRow | null, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    const user = currentUser(req);
    res.page('contacts/form', {
      title: contact ? contact.fullName : req.t('contacts.new'),
      contact,
      values,
      errors,
      types: referenceList(ctx.db, 'contactType'),
      sources: referenceList(ctx.db, 'source'),
      users: activeUsers(ctx.db),
      companyPicker: pickerState(ctx, user, values, COMPANY_PICKER),
      commKinds,
      commTypes,
    });
  };

  r.get('/contacts', (req, res) => {
    const user = currentUser(req);
    const query = listQuery.parse(req.query);
    const ids = query.q ? searchIds(ctx.db, 'contact', query.q) : null;
    const rows = q.contactPage(ctx.db, {
      visible: rowCondition(ctx.db, user, 'contact', 'read', { responsible: contacts.responsibleId }),
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
        ? `/contacts?${new URLSearchParams({ q: query.q, sort: query.sort, dir: query.dir, after: encodeCursor({ value: last.contact[query.sort], id: last.contact.id }) })}`
        : null;
    const comms = loadComms(ctx.db, 'contact', page.map((p) => p.contact.id));
    const linked = q.companiesOfContacts(ctx.db, page.map((p) => p.contact.id));
    // Each company is checked once per page, however many contacts share it.
    const readable = new Map<number, boolean>();
    const mayRead = (c: { id: number; responsibleId: number }) => {
      if (!readable.has(c.id)) readable.set(c.id, mayRecord(ctx.db, user, 'company', 'read', c));
      return readable.get(c.id)!;
    };
    const locals = {
      title: req.t('contacts.title'),
      rows: page.map((p) => ({
        ...p.contact,
        responsibleName: p.responsibleName,
        comms: comms.get(p.contact.id) ?? [],
        companies: (linked.get(p.contact.id) ?? []).filter(mayRead),
      })),
      query,
      next,
      tooShort: query.q.length > 0 && ids === null,
      minQuery: MIN_QUERY,
      mayAdd: mayEntity(user, 'contact', 'add'),
    };
    if (req.get('HX-Request') && ['contact-rows', 'contact-more'].includes(req.get('HX-Target') ?? '')) return res.fragment('contacts/_rows', locals);
    res.page('contacts/list', locals);
  });

  r.get('/contacts/new', (req, res) => {
    const company = Number(req.query.company);
    showForm(req, res, null, { responsibleId: currentUser(req).id, companyIds: Number.isInteger(company) && company > 0 ? [String(company)] : [] });
  });

  r.post('/contacts', (req, res) => {
    const picked = resolvePickerFields(ctx, currentUser(req), req.body ?? {}, [COMPANY_PICKER]);
    const form = parseForm(contactForm, picked.values);
    if (!form.ok || picked.errors) return showForm(req, res.status(422), null, picked.values, { ...(form.ok ? {} : form.errors), ...picked.errors });
    try {
      const contact = createContact(ctx, currentUser(req), form.data);
      res.flash('contacts.created', { name: contact.fullName });
      res.go(`/contacts/${contact.id}`);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), null, form.values, err.fields);
      throw err;
    }
  });

  r.get('/contacts/:id', (req, res) => {
    const user = currentUser(req);
    const contact = contactFor(ctx, user, idParam(req), 'read');
    res.page('contacts/show', {
      title: contact.fullName,
      contact,
      responsibleName: userName(ctx.db, contact.responsibleId) ?? '',
      fields: fieldViews(ctx, user, 'contact', contact, mayEditInPlace(ctx, user, 'contact', contact)),
      deals: relatedDeals(ctx, user, { contactId: contact.id }),
      mayAddDeal: mayEntity(user, 'deal', 'add'),
      history: historyOf(ctx.db, 'contact', contact.id),
      mayEdit: mayRecord(ctx.db, user, 'contact', 'edit', contact),
      mayDelete: mayRecord(ctx.db, user, 'contact', 'delete', contact),
    });
  });

  r.get('/contacts/:id/edit', (req, res) => {
    const contact = contactFor(ctx, currentUser(req), idParam(req), 'edit');
    const comms = loadComms(ctx.db, 'contact', [contact.id]).get(contact.id) ?? [];
    const grouped = Object.fromEntries(commKinds.map((k) => [k, comms.filter((c) => c.kind === k)]));
    showForm(req, res, contact, { ...contact, comms: grouped, companyIds: q.companyIdsOf(ctx.db, contact.id).map(String) });
  });

  r.post('/contacts/:id', (req, res) => {
    const user = currentUser(req);
    const contact = contactFor(ctx, user, idParam(req), 'edit');
    const picked = resolvePickerFields(ctx, user, req.body ?? {}, [COMPANY_PICKER]);
    const form = parseForm(contactForm, picked.values);
    if (!form.ok || picked.errors) return showForm(req, res.status(422), contact, picked.values, { ...(form.ok ? {} : form.errors), ...picked.errors });
    try {
      updateContact(ctx, user, contact.id, form.data);
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), contact, form.values, err.fields);
      throw err;
    }
    res.flash('contacts.saved', { name: contact.fullName });
    res.go(`/contacts/${contact.id}`);
  });

  r.post('/contacts/:id/delete', (req, res) => {
    const user = currentUser(req);
    const contact = contactFor(ctx, user, idParam(req), 'delete');
    deleteContact(ctx, user, contact.id);
    res.flash('contacts.deleted', { name: contact.fullName });
    res.go('/contacts');
  });

  return r;
}
