import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { companies, contacts } from '../../db/schema/index.js';
import { mayEntity, mayRecord, rowCondition } from '../../platform/access/index.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { commKinds, commTypes, loadComms } from '../../platform/records/communications.js';
import { historyOf } from '../../platform/records/history.js';
import { recordActivities } from '../activities/service.js';
import { userName } from '../../platform/records/names.js';
import { mountList } from '../../platform/records/list/routes.js';
import { referenceList } from '../pipelines/queries.js';
import { activeUsers } from '../users/queries.js';
import { contactForm } from './form.js';
import { customFormFields, customPickers } from '../custom/view.js';
import { customFormValues } from '../../platform/records/custom/index.js';
import * as q from './queries.js';
import { bulkContacts, contactFor, createContact, deleteContact, updateContact } from './service.js';
import { idParam } from '../../platform/http/params.js';
import { fieldViews } from '../inline/fields.js';
import { mayEditInPlace, relatedDeals } from '../inline/service.js';
import { pickerState, resolvePickerFields, type PickerSpec } from '../pickers/service.js';
import { duplicateGate } from '../duplicates/routes.js';
import type { Candidate } from '../duplicates/service.js';

const COMPANY_PICKER: PickerSpec = { name: 'companyIds', entity: 'company', multiple: true };


export function contactRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/contacts', requireUser);

  // Before /contacts/:id, which would take "bulk" or "views" for an id.
  mountList(r, ctx, {
    entity: 'contact',
    base: '/contacts',
    table: contacts,
    id: contacts.id,
    deletedAt: contacts.deletedAt,
    fields: (user) => q.contactListFields(ctx.db, rowCondition(ctx.db, user, 'company', 'read', { responsible: companies.responsibleId }), user.locale),
    columns: ['fullName', 'companies', 'phone', 'email', 'responsible', 'createdAt'],
    sort: { key: 'fullName', dir: 'asc' },
    visible: (user) => rowCondition(ctx.db, user, 'contact', 'read', { responsible: contacts.responsibleId }),
    page: 'contacts/list',
    rows: 'contacts/_rows',
    prefix: 'contact',
    title: 'contacts.title',
    empty: 'contacts.none',
    searchPlaceholder: 'contacts.searchPlaceholder',
    mayAdd: (user) => mayEntity(user, 'contact', 'add'),
    bulk: {
      actions: ['assign', 'delete'],
      run: (user, ids, action) => bulkContacts(ctx, user, ids, action),
      assignees: () => activeUsers(ctx.db),
      done: 'lists.bulk.done.contact',
      refused: 'lists.bulk.refused',
      confirm: 'lists.bulk.deleteConfirm',
      selected: 'lists.bulk.selected',
    },
  });

  const showForm = (req: Request, res: Response, contact: q.ContactRow | null, values: Record<string, unknown>, errors: FieldErrors = {}, duplicates: Candidate[] = []) => {
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
      duplicates,
      ...customFormFields(ctx, user, 'contact', values),
    });
  };

  r.get('/contacts/new', (req, res) => {
    const company = Number(req.query.company);
    showForm(req, res, null, { responsibleId: currentUser(req).id, companyIds: Number.isInteger(company) && company > 0 ? [String(company)] : [] });
  });

  r.post('/contacts', (req, res) => {
    const picked = resolvePickerFields(ctx, currentUser(req), req.body ?? {}, [COMPANY_PICKER, ...customPickers(ctx, 'contact')]);
    const form = parseForm(contactForm, picked.values);
    if (!form.ok || picked.errors) return showForm(req, res.status(422), null, picked.values, { ...(form.ok ? {} : form.errors), ...picked.errors });
    const gate = duplicateGate(ctx, req, 'contact');
    if (gate.duplicates) return showForm(req, res.status(422), null, picked.values, {}, gate.duplicates);
    try {
      const contact = createContact(ctx, currentUser(req), form.data);
      res.flash('contacts.created', { name: contact.fullName });
      res.go(gate.after(contact.id) ?? `/contacts/${contact.id}`);
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
      activityPanel: recordActivities(ctx, user, 'contact', contact.id),
      mayEdit: mayRecord(ctx.db, user, 'contact', 'edit', contact),
      mayDelete: mayRecord(ctx.db, user, 'contact', 'delete', contact),
    });
  });

  r.get('/contacts/:id/edit', (req, res) => {
    const contact = contactFor(ctx, currentUser(req), idParam(req), 'edit');
    const comms = loadComms(ctx.db, 'contact', [contact.id]).get(contact.id) ?? [];
    const grouped = Object.fromEntries(commKinds.map((k) => [k, comms.filter((c) => c.kind === k)]));
    showForm(req, res, contact, { ...contact, comms: grouped, companyIds: q.companyIdsOf(ctx.db, contact.id).map(String), ...customFormValues(ctx.db, currentUser(req), 'contact', contact.custom) });
  });

  r.post('/contacts/:id', (req, res) => {
    const user = currentUser(req);
    const contact = contactFor(ctx, user, idParam(req), 'edit');
    const picked = resolvePickerFields(ctx, user, req.body ?? {}, [COMPANY_PICKER, ...customPickers(ctx, 'contact')]);
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
