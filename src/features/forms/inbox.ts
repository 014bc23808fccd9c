import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { recordLink } from '../../platform/notifications/index.js';
import { parseFields } from './fields.js';
import { decisionForm } from './form.js';
import * as q from './queries.js';
import { junkSubmission, labelOf, sendSubmission, type Meta, type Values } from './receive.js';
import { moderatedForms } from './service.js';

/**
 * Moderation ("manual transfer", seed 003): submissions of forms set to wait, listed for the managers
 * responsible for those forms and for whoever builds forms. Each is deleted as junk or sent to the CRM,
 * one by one or ticked together (all checked first, then all done, as the lists' bulk actions).
 */
const PAGE = 50;

export function inboxRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/leads/inbox', requireUser);

  /** Why a submission could not be sent, each refused field named as the manager knows it. */
  const failure = (req: Request, id: number, err: ValidationError) => {
    const form = q.findForm(ctx.db, q.findSubmission(ctx.db, id)?.formId ?? 0);
    return { id, messages: Object.entries(err.fields).map(([name, e]) => `${form ? labelOf(ctx, form, name) : name}: ${req.t(e.key, e.params)}`) };
  };

  const show = (req: Request, res: Response, failed: { id: number; messages: string[] } | null = null) => {
    const user = currentUser(req);
    const forms = moderatedForms(ctx, user);
    const chosen = forms.find((f) => String(f.id) === req.query.form);
    const ids = chosen ? [chosen.id] : forms.map((f) => f.id);
    const before = Number(req.query.before) || null;
    const rows = q.waitingSubmissions(ctx.db, ids, before, PAGE + 1);
    const byId = new Map(forms.map((f) => [f.id, f]));
    const items = rows.slice(0, PAGE).map((s) => {
      const form = byId.get(s.formId)!;
      const values = JSON.parse(s.values) as Values;
      const meta = JSON.parse(s.meta) as Meta;
      // What the visitor typed, labelled as the form asked it.
      const answers = parseFields(form.fields).flatMap((f) => (values[f.target] ? [{ label: f.label || f.target, value: f.type === 'checkbox' ? '✓' : values[f.target]! }] : []));
      return { id: s.id, at: s.at, form, answers, meta };
    });
    res.page('forms/inbox', {
      title: req.t('forms.inbox.title'),
      forms, chosen: chosen ?? null, items, failed,
      more: rows.length > PAGE ? rows[PAGE - 1]!.id : null,
      total: q.countWaiting(ctx.db, ids),
    });
  };

  r.get('/leads/inbox', (req, res) => show(req, res));

  r.post('/leads/inbox', (req, res) => {
    const user = currentUser(req);
    const form = parseForm(decisionForm, req.body);
    if (!form.ok || form.data.ids.length === 0) {
      res.flash('validation.selectFirst', {}, 'error');
      return res.go('/leads/inbox');
    }
    const { ids, action } = form.data;
    let done = 0;
    try {
      ctx.sqlite.transaction(() => {
        for (const id of ids) {
          if (action === 'send') sendSubmission(ctx, user, id);
          else junkSubmission(ctx, user, id);
          done++;
        }
      })();
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return show(req, res.status(422), failure(req, ids[done]!, err));
    }
    res.flash(action === 'send' ? 'forms.inbox.sent' : 'forms.inbox.deleted', { n: done });
    res.go('/leads/inbox');
  });

  r.post('/leads/inbox/:id/send', (req, res) => {
    try {
      const made = sendSubmission(ctx, currentUser(req), idParam(req));
      res.flash('forms.inbox.sentOne');
      res.go(req.body?.open === '1' ? recordLink(made.entity, made.id) : '/leads/inbox');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      show(req, res.status(422), failure(req, idParam(req), err));
    }
  });

  r.post('/leads/inbox/:id/delete', (req, res) => {
    junkSubmission(ctx, currentUser(req), idParam(req));
    res.flash('forms.inbox.deleted', { n: 1 });
    res.go('/leads/inbox');
  });

  return r;
}
