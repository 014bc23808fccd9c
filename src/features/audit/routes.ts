import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { auditKinds } from '../../platform/audit.js';
import { parseDay } from '../../platform/dates.js';
import { dayStart } from '../../platform/format.js';
import { requireCapability, requireUser } from '../../platform/http/guards.js';
import { allUsers } from '../users/queries.js';
import { auditPage, PAGE } from './queries.js';

const day = z
  .string()
  .optional()
  .transform((v) => (v ? (parseDay(v) ?? undefined) : undefined));

const filterForm = z.object({
  user: z.coerce.number().int().positive().optional().catch(undefined),
  kind: z.enum(auditKinds).optional().catch(undefined),
  from: day,
  to: day,
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

/** The event's JSON details as one readable line ("id: 4; email: boris@example.com"). */
function describeDetails(json: string | null): string {
  if (!json) return '';
  return Object.entries(JSON.parse(json) as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');
}

export function auditRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/settings/audit', requireUser, requireCapability('settings'));

  r.get('/settings/audit', (req, res) => {
    const f = filterForm.parse(req.query);
    const rows = auditPage(ctx.db, {
      userId: f.user ?? null,
      kind: f.kind ?? null,
      from: f.from ? dayStart(f.from, req.timeZone) : null,
      to: f.to ? dayStart(f.to, req.timeZone) + 86_400_000 : null,
      before: f.before ?? null,
    });
    const more = rows.length > PAGE;
    const page = rows.slice(0, PAGE);
    const query = new URLSearchParams(Object.entries({ user: f.user, kind: f.kind, from: f.from, to: f.to }).flatMap(([k, v]) => (v ? [[k, String(v)]] : [])));
    if (more) query.set('before', String(page[page.length - 1]!.entry.id));
    res.page('audit/list', {
      title: req.t('audit.title'),
      rows: page.map(({ entry, userName }) => ({ ...entry, userName, details: describeDetails(entry.details) })),
      filter: f,
      kinds: auditKinds,
      users: allUsers(ctx.db),
      nextUrl: more ? `/settings/audit?${query}` : null,
    });
  });

  return r;
}
