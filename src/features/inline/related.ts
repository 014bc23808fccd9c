import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { mayEntity, mayRecord } from '../../platform/access/index.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { historyOf } from '../../platform/records/history.js';
import { contactsOfCompany } from '../companies/queries.js';
import { companyFor } from '../companies/service.js';
import { dealFor } from '../deals/service.js';
import { clientCards } from '../deals/client.js';
import { duplicateGate } from '../duplicates/routes.js';
import type { Candidate } from '../duplicates/service.js';
import { fieldViews } from './fields.js';
import { createLinkedContact, linkContactToCompany, mayEditInPlace } from './service.js';
import { pickerState } from '../pickers/service.js';

/**
 * Related records made without leaving the page: a new contact for a deal (it becomes the deal's
 * contact) or for a company (it joins the company's contacts). htmx gets the refreshed panel; without
 * JavaScript the browser goes back to the record page, or sees the small form again with the problems.
 */
export function relatedRoutes(ctx: AppContext): Router {
  const r = Router();

  const dealClient = (req: Request, id: number, extra: Record<string, unknown> = {}) => {
    const user = currentUser(req);
    const deal = dealFor(ctx, user, id, 'read');
    return { deal, fields: fieldViews(ctx, user, 'deal', deal, mayEditInPlace(ctx, user, 'deal', deal)), clientCards: clientCards(ctx, user, deal), mayAddContact: mayEntity(user, 'contact', 'add'), ...extra };
  };

  const companyContacts = (req: Request, id: number, extra: Record<string, unknown> = {}) => {
    const user = currentUser(req);
    const company = companyFor(ctx, user, id, 'read');
    const contacts = contactsOfCompany(ctx.db, company.id).filter((c) => mayRecord(ctx.db, user, 'contact', 'read', c));
    return { company, contacts, mayAddContact: mayEntity(user, 'contact', 'add'), mayLinkContact: mayEntity(user, 'contact', 'edit'), ...extra };
  };

  /** The small form again: with the problems, or with the possible duplicates to confirm first. */
  const refused = (req: Request, res: Response, panel: string, locals: Record<string, unknown>, errors: FieldErrors, duplicates: Candidate[] = []) => {
    const values = { lastName: req.body?.lastName, firstName: req.body?.firstName, comms: req.body?.comms };
    const all = { ...locals, contactErrors: errors, contactValues: values, contactDuplicates: duplicates };
    if (req.get('HX-Request')) return res.status(422).fragment(panel, all);
    res.status(422).page('inline/new-contact', { ...all, title: req.t('related.newContact'), panel });
  };

  /**
   * The duplicates check of contact creation (features/duplicates): asked only once the small form is
   * valid; answering its panel ("save anyway", "save and merge") lets the contact through.
   */
  const duplicatesFor = (req: Request) => {
    let gate: ReturnType<typeof duplicateGate> | null = null;
    return {
      ask: () => (gate = duplicateGate(ctx, req, 'contact')).duplicates,
      after: (id: number) => gate?.after(id) ?? null,
    };
  };

  r.post('/deals/:id/contacts', requireUser, (req, res) => {
    const id = idParam(req);
    try {
      const gate = duplicatesFor(req);
      const made = createLinkedContact(ctx, currentUser(req), { deal: id }, req.body ?? {}, gate.ask);
      if ('duplicates' in made) return refused(req, res, 'deals/_client', dealClient(req, id), {}, made.duplicates);
      const { contact } = made;
      const next = gate.after(contact.id);
      if (next || !req.get('HX-Request')) {
        res.flash('related.contactCreated', { name: contact.fullName });
        return res.go(next ?? `/deals/${id}`);
      }
      res.fragment('inline/_client-saved', { ...dealClient(req, id), history: historyOf(ctx.db, 'deal', id), fieldPrefix: 'deals.field.' });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      refused(req, res, 'deals/_client', dealClient(req, id), err.fields);
    }
  });

  r.post('/companies/:id/contacts', requireUser, (req, res) => {
    const id = idParam(req);
    try {
      const gate = duplicatesFor(req);
      const made = createLinkedContact(ctx, currentUser(req), { company: id }, req.body ?? {}, gate.ask);
      if ('duplicates' in made) return refused(req, res, 'companies/_contacts', companyContacts(req, id), {}, made.duplicates);
      const { contact } = made;
      const next = gate.after(contact.id);
      if (next || !req.get('HX-Request')) {
        res.flash('related.contactCreated', { name: contact.fullName });
        return res.go(next ?? `/companies/${id}`);
      }
      res.fragment('companies/_contacts', companyContacts(req, id, { made: true }));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      refused(req, res, 'companies/_contacts', companyContacts(req, id), err.fields);
    }
  });

  r.post('/companies/:id/contacts/link', requireUser, (req, res) => {
    const id = idParam(req);
    try {
      const contact = linkContactToCompany(ctx, currentUser(req), id, req.body ?? {});
      if (!req.get('HX-Request')) {
        res.flash('related.contactLinked', { name: contact.fullName });
        return res.go(`/companies/${id}`);
      }
      res.fragment('companies/_linked', companyContacts(req, id));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const user = currentUser(req);
      const locals = { ...companyContacts(req, id), linkErrors: err.fields, link: pickerState(ctx, user, req.body ?? {}, { name: 'contactId', entity: 'contact', multiple: false }), linkQ: req.body?.contactId_q };
      if (req.get('HX-Request')) return res.status(422).fragment('companies/_link-contact', locals);
      res.status(422).page('inline/new-contact', { ...locals, title: req.t('related.linkContact'), panel: 'companies/_link-contact' });
    }
  });

  return r;
}
