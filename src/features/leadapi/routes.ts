import { Router, type Request } from 'express';
import type { AppContext } from '../../context.js';
import { hashToken } from '../../platform/auth/sessions.js';
import { AppError, ForbiddenError } from '../../platform/errors.js';
import { recordLink } from '../../platform/notifications/index.js';
import { utmOf } from '../../platform/records/origins.js';
import * as forms from '../forms/queries.js';
import { accept, readSubmission } from '../forms/receive.js';
import { publicBase } from '../forms/public.js';
import { tokenUser } from '../integrations/service.js';
import { leadFromApi } from './service.js';

/**
 * POST /api/leads — a lead from any site or service (docs/lead-capture.md), JSON or form-encoded.
 * Authenticated by `Authorization: Bearer <token>` (or a `token` field):
 *  - a form's secret ("pf_…"): the fields are the form's (by their targets), and the form decides the
 *    rest — what to make, the responsible, moderation — exactly as a visitor's submission, without the
 *    spam checks a server does not need;
 *  - an integration token: a lead made as its user, with their rights, from the lead's own field names.
 * Answers JSON: 201 { ok, entity, id, url }, 202 { ok, status: "waiting", submission } for moderation,
 * errors as { error, error_description, fields? } (platform/http/outside.ts).
 */
class Unauthorized extends AppError {
  constructor() {
    super(401, 'api.error.token');
  }
}

function tokenOf(req: Request, body: Record<string, unknown>): string {
  const header = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return header?.[1] ?? (typeof body.token === 'string' ? body.token : '');
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 2000) : null);

export function leadApiRoutes(ctx: AppContext): Router {
  const r = Router();

  r.post('/api/leads', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = tokenOf(req, body);
    if (!token) throw new Unauthorized();
    const base = publicBase(ctx, req);
    if (token.startsWith('pf_')) {
      const form = forms.findFormByApiToken(ctx.db, hashToken(token));
      if (!form) throw new Unauthorized();
      if (!form.active) throw new ForbiddenError('api.error.inactive');
      const read = readSubmission(ctx, form, body);
      const page = text(body.page);
      const got = accept(ctx, form, read.values, { pageUrl: page, referrer: text(body.referrer), utm: utmOf(page, body), address: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 300) ?? null, consentAt: read.consentAt }, 'api');
      if (got.status === 'waiting') return res.status(202).json({ ok: true, status: 'waiting', submission: got.submissionId });
      return res.status(201).json({ ok: true, entity: got.delivered.entity, id: got.delivered.id, url: base + recordLink(got.delivered.entity, got.delivered.id) });
    }
    const acting = tokenUser(ctx, token);
    if (!acting) throw new Unauthorized();
    const lead = leadFromApi(ctx, acting.user, acting.token, body);
    res.status(201).json({ ok: true, entity: 'lead', id: lead.id, url: base + recordLink('lead', lead.id) });
  });

  return r;
}
