import { shownName, type BuiltinKind } from '../../platform/records/builtin.js';
import { clientCards } from '../deals/client.js';
import { dealFor } from '../deals/service.js';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { currencies, popularCurrencies } from '../../platform/format.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { commTypes } from '../../platform/records/communications.js';
import { referenceList } from '../pipelines/queries.js';
import { pickerState } from '../pickers/service.js';
import { activeUsers } from '../users/queries.js';
import { entityBase, fieldSpec, fieldView, labelOf, type FieldSpec, type InlineEntity } from './fields.js';
import { customFormFields } from '../custom/view.js';
import { recordFor, saveField, storedInputs } from './service.js';

const historyPrefix: Record<InlineEntity, string> = { lead: 'leads.field.', contact: 'contacts.field.', company: 'companies.field.', deal: 'deals.field.' };

/**
 * One field of a record page, edited in place: GET answers the field's small form (the fragment for
 * htmx, a page of its own without JavaScript), POST saves that one field through the entity's full
 * form rules and answers the field as shown again plus the record's history (htmx), or goes back to
 * the record page.
 */
export function inlineRoutes(ctx: AppContext): Router {
  const r = Router();

  const choices = (entity: InlineEntity, spec: FieldSpec, values: Record<string, unknown>, user: ReturnType<typeof currentUser>) => {
    if (spec.custom) {
      const form = customFormFields(ctx, user, entity, values);
      return { customField: form.customFields.find((f) => f.name === spec.name), customCurrency: form.customCurrency };
    }
    if (spec.list === 'users') return { options: activeUsers(ctx.db).map((u) => ({ id: u.id, name: u.fullName })) };
    if (spec.list) return { options: referenceList(ctx.db, spec.list).map((i) => ({ id: i.id, name: shownName(user.locale, spec.list as BuiltinKind, i) })) };
    if (spec.picker) return pickerState(ctx, user, values, { name: spec.inputs[0]!, ...spec.picker });
    if (spec.kind === 'money') return { currencyCodes: [...popularCurrencies, ...currencies().filter((c) => !popularCurrencies.includes(c))] };
    if (spec.kind === 'comms') return { commTypes };
    return {};
  };

  const showEditor = (req: Request, res: Response, entity: InlineEntity, record: { id: number } & Record<string, unknown>, spec: FieldSpec, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    const user = currentUser(req);
    const view = fieldView(ctx, user, entity, record, spec, true);
    const locals = { view, values, errors, record, recordUrl: `${entityBase[entity]}/${record.id}`, ...choices(entity, spec, values, user) };
    if (req.get('HX-Request')) return res.fragment('inline/_edit', locals);
    res.page('inline/page', { ...locals, title: labelOf(spec, req.t) });
  };

  for (const entity of Object.keys(entityBase) as InlineEntity[]) {
    const base = entityBase[entity];
    const specOf = (req: Request) => {
      const spec = fieldSpec(ctx, entity, String(req.params.field));
      if (!spec) throw new NotFoundError();
      return spec;
    };

    r.get(`${base}/:id/fields/:field`, requireUser, (req, res) => {
      const spec = specOf(req);
      const record = recordFor(ctx, currentUser(req), entity, idParam(req), 'edit');
      showEditor(req, res, entity, record, spec, storedInputs(ctx, currentUser(req), entity, record));
    });

    r.post(`${base}/:id/fields/:field`, requireUser, (req, res) => {
      const user = currentUser(req);
      const spec = specOf(req);
      const record = recordFor(ctx, user, entity, idParam(req), 'edit');
      const posted = (req.body ?? {}) as Record<string, unknown>;
      let saved;
      try {
        saved = saveField(ctx, user, entity, record.id, spec, posted);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        // What the user typed, over the stored values: the field's inputs exactly as posted.
        const values = { ...storedInputs(ctx, currentUser(req), entity, record), ...posted };
        for (const name of spec.inputs) if (!name.includes('.') && !(name in posted)) delete values[name];
        return showEditor(req, res.status(422), entity, record, spec, values, err.fields);
      }
      if (!saved || !req.get('HX-Request')) {
        res.flash('inline.saved', { field: labelOf(spec, req.t) });
        return res.go(saved ? `${base}/${record.id}` : base);
      }
      // A deal's new client brings its phones and e-mails into the client block.
      const client = entity === 'deal' && ['contactId', 'companyId'].includes(spec.name) ? { clientCards: clientCards(ctx, user, dealFor(ctx, user, record.id, 'read')) } : {};
      res.fragment('inline/_saved', { f: saved.view, history: saved.history, fieldPrefix: historyPrefix[entity], ...client });
    });
  }
  return r;
}
