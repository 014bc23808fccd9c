import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { companies, contacts, documents } from '../../db/schema/index.js';
import { mayEntity, rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { historyOf } from '../../platform/records/history.js';
import { mountList } from '../../platform/records/list/routes.js';
import { and, eq } from 'drizzle-orm';
import { knownCurrencies } from '../currencies/service.js';
import { pickerState, resolvePickerFields, type PickerSpec } from '../pickers/service.js';
import { activeUsers } from '../users/queries.js';
import { documentForm, statusForm } from './form.js';
import { basePath, docKinds, type DocKind } from './kinds.js';
import { documentListFields } from './list.js';
import { idsByNumber, type DocumentRow } from './queries.js';
import * as service from './service.js';
import { documentPage } from './view.js';

const PICKERS: PickerSpec[] = [
  { name: 'contactId', entity: 'contact', multiple: false },
  { name: 'companyId', entity: 'company', multiple: false },
];

/** Quotes (/quotes) and invoices (/invoices): lists, pages, forms, statuses; made by hand, from a deal or from a quote. */
export function documentRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/quotes', requireUser);
  r.use('/invoices', requireUser);

  for (const kind of docKinds) {
    const base = basePath[kind];
    const visible = (user: CurrentUser) => and(eq(documents.kind, kind), rowCondition(ctx.db, user, kind, 'read', { responsible: documents.responsibleId }));
    mountList(r, ctx, {
      entity: kind,
      base,
      table: documents,
      id: documents.id,
      deletedAt: documents.deletedAt,
      fields: (user) =>
        documentListFields(ctx.db, kind, user.locale as 'ru' | 'en', service.todayOf(ctx), {
          contact: rowCondition(ctx.db, user, 'contact', 'read', { responsible: contacts.responsibleId }),
          company: rowCondition(ctx.db, user, 'company', 'read', { responsible: companies.responsibleId }),
        }),
      columns: kind === 'invoice' ? ['number', 'status', 'issuedOn', 'dueOn', 'client', 'total', 'paid', 'overdue', 'responsible'] : ['number', 'status', 'issuedOn', 'dueOn', 'client', 'total', 'responsible'],
      sort: { key: 'createdAt', dir: 'desc' },
      visible,
      page: 'documents/list',
      rows: 'lists/_rows',
      prefix: kind,
      title: kind === 'invoice' ? 'documents.invoices' : 'documents.quotes',
      empty: 'documents.none',
      searchPlaceholder: 'documents.searchPlaceholder',
      mayAdd: (user) => mayEntity(user, kind, 'add'),
      search: (typed) => idsByNumber(ctx.db, kind, typed.trim(), 1000),
      editable: (user) => rowCondition(ctx.db, user, kind, 'edit', { responsible: documents.responsibleId }),
      rowActions: false,
      pageLocals: () => ({ kind }),
    });

    const showForm = (req: Request, res: Response, doc: DocumentRow | null, values: Record<string, unknown>, errors: FieldErrors = {}) => {
      const user = currentUser(req);
      res.page('documents/form', {
        title: doc ? doc.number : req.t(`documents.new.${kind}`),
        kind,
        doc,
        values,
        errors,
        users: activeUsers(ctx.db),
        currencyCodes: [...new Set([...knownCurrencies(ctx.db), ...(typeof values.currency === 'string' && values.currency ? [values.currency] : [])])],
        pickers: Object.fromEntries(PICKERS.map((p) => [p.name, { ...p, ...pickerState(ctx, user, values, p) }])),
      });
    };

    const parsed = (req: Request) => {
      const picked = resolvePickerFields(ctx, currentUser(req), req.body ?? {}, PICKERS);
      return { picked, form: parseForm(documentForm, picked.values) };
    };

    r.get(`${base}/new`, (req, res) => {
      const user = currentUser(req);
      if (!mayEntity(user, kind, 'add')) throw new ForbiddenError();
      showForm(req, res, null, service.newDocumentValues(ctx, user, kind, { companyId: req.query.company, contactId: req.query.contact }));
    });

    r.post(base, (req, res) => {
      const { picked, form } = parsed(req);
      if (!form.ok || picked.errors) return showForm(req, res.status(422), null, picked.values, { ...(form.ok ? {} : form.errors), ...picked.errors });
      try {
        const doc = service.createDocument(ctx, currentUser(req), kind, form.data);
        res.flash('documents.created', { number: doc.number });
        res.go(`${base}/${doc.id}`);
      } catch (err) {
        if (err instanceof ValidationError) return showForm(req, res.status(422), null, form.values, err.fields);
        throw err;
      }
    });

    r.get(`${base}/:id`, (req, res) => {
      const user = currentUser(req);
      const doc = service.documentFor(ctx, user, kind, idParam(req), 'read');
      res.page('documents/show', { ...documentPage(ctx, req, user, doc), history: historyOf(ctx.db, kind, doc.id) });
    });

    r.get(`${base}/:id/edit`, (req, res) => {
      const doc = service.documentFor(ctx, currentUser(req), kind, idParam(req), 'edit');
      showForm(req, res, doc, { ...doc });
    });

    r.post(`${base}/:id`, (req, res) => {
      const user = currentUser(req);
      const doc = service.documentFor(ctx, user, kind, idParam(req), 'edit');
      const { picked, form } = parsed(req);
      if (!form.ok || picked.errors) return showForm(req, res.status(422), doc, picked.values, { ...(form.ok ? {} : form.errors), ...picked.errors });
      try {
        service.updateDocument(ctx, user, kind, doc.id, form.data);
      } catch (err) {
        if (err instanceof ValidationError) return showForm(req, res.status(422), doc, form.values, err.fields);
        throw err;
      }
      res.flash('documents.saved', { number: doc.number });
      res.go(`${base}/${doc.id}`);
    });

    r.post(`${base}/:id/status`, (req, res) => {
      const form = parseForm(statusForm, req.body);
      if (!form.ok) throw new ValidationError(form.errors);
      const id = idParam(req);
      service.setStatus(ctx, currentUser(req), kind, id, form.data.status);
      res.go(`${base}/${id}`);
    });
  }

  r.post('/quotes/:id/invoice', (req, res) => {
    const invoice = service.invoiceFromQuote(ctx, currentUser(req), idParam(req));
    res.flash('documents.created', { number: invoice.number });
    res.go(`/invoices/${invoice.id}`);
  });

  /** "New quote" / "New invoice" on a deal page. */
  r.post('/deals/:id/documents', (req, res) => {
    const kind: DocKind = req.body?.kind === 'quote' ? 'quote' : 'invoice';
    const doc = service.createFromDeal(ctx, currentUser(req), kind, idParam(req));
    res.flash('documents.created', { number: doc.number });
    res.go(`${basePath[kind]}/${doc.id}`);
  });

  return r;
}
