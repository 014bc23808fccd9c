import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { AppError, ValidationError } from '../../platform/errors.js';
import { getCompany } from '../../platform/company.js';
import type { Translate } from '../../platform/i18n/index.js';
import { nestParams, timeBlock } from '../../integrations/bitrix24/protocol.js';
import { tokenUser } from '../integrations/service.js';
import { contactAdd, dealAdd, dealList } from './deals.js';
import { leadAdd, leadGet, leadList, leadUpdate } from './leads.js';
import type { Acting } from './records.js';

/**
 * Bitrix24-compatible incoming webhooks (docs/bitrix24-webhooks.md):
 *   GET or POST /rest/<user id>/<token>/<method>[.json]
 * with the parameters in the query string and/or the body (JSON or form-encoded, PHP-style nested keys).
 * The token is an integration token of that user (Settings → Integrations); the user's rights apply.
 * Answers as Bitrix24 does: { result, time } (lists also total and next), errors { error, error_description }.
 */
type Method = (ctx: AppContext, acting: Acting, params: Record<string, unknown>) => unknown;

const methods: Record<string, Method> = {
  'crm.lead.add': leadAdd,
  'crm.lead.get': leadGet,
  'crm.lead.update': leadUpdate,
  'crm.lead.list': leadList,
  'crm.contact.add': contactAdd,
  'crm.deal.add': dealAdd,
  'crm.deal.list': dealList,
};

/** Answers that carry their own list envelope (result, total, next). */
const lists = new Set(['crm.lead.list', 'crm.deal.list']);

class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
  ) {
    super(code);
  }
}

/** Our form's inputs by Bitrix24's names, so an error names the field the caller sent. */
const names: Record<string, string> = {
  title: 'TITLE', firstName: 'NAME', lastName: 'LAST_NAME', middleName: 'SECOND_NAME', companyTitle: 'COMPANY_TITLE', position: 'POST', comments: 'COMMENTS',
  amount: 'OPPORTUNITY', currency: 'CURRENCY_ID', statusId: 'STATUS_ID', sourceId: 'SOURCE_ID', responsibleId: 'ASSIGNED_BY_ID', stageId: 'STAGE_ID',
  contactId: 'CONTACT_ID', companyId: 'COMPANY_ID', companyIds: 'COMPANY_ID', probability: 'PROBABILITY', expectedClose: 'CLOSEDATE', birthday: 'BIRTHDATE',
  'comms.phone': 'PHONE', 'comms.email': 'EMAIL', 'comms.web': 'WEB', 'comms.im': 'IM',
};
const bitrixName = (input: string) => names[input] ?? (input.startsWith('cf_') ? `UF_CRM_${input.slice(3).toUpperCase()}` : input);

function restError(t: Translate, err: unknown): RestError | null {
  if (err instanceof RestError) return err;
  if (err instanceof ValidationError) {
    return new RestError(400, 'INVALID_ARG_VALUE', Object.entries(err.fields).map(([name, e]) => `${bitrixName(name)}: ${t(e.key, e.params)}`).join('; '));
  }
  if (err instanceof AppError) {
    if (err.status === 404) return new RestError(400, 'NOT_FOUND', t('bitrix.error.notFound'));
    if (err.status === 403) return new RestError(403, 'ACCESS_DENIED', t('bitrix.error.denied'));
    return new RestError(400, 'ERROR_CORE', t(err.messageKey, err.params));
  }
  return null;
}

function paramsOf(req: Request): Record<string, unknown> {
  const query = nestParams(new URL(req.originalUrl, 'http://localhost').searchParams);
  const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  return { ...query, ...body };
}

export function bitrixRoutes(ctx: AppContext): Router {
  const r = Router();

  const handle = (req: Request, res: Response) => {
    const started = ctx.clock.now();
    const tz = getCompany(ctx.db)?.timeZone ?? 'UTC';
    try {
      const acting = tokenUser(ctx, String(req.params.token));
      if (!acting || acting.user.id !== Number(req.params.userId)) throw new RestError(401, 'INVALID_CREDENTIALS', req.t('bitrix.error.credentials'));
      const name = String(req.params.method).replace(/\.json$/i, '').toLowerCase();
      const method = methods[name];
      if (!method) throw new RestError(404, 'ERROR_METHOD_NOT_FOUND', req.t('bitrix.error.method'));
      const result = method(ctx, { user: acting.user, source: acting.token.name }, paramsOf(req));
      const time = timeBlock(started, ctx.clock.now(), tz);
      res.json(lists.has(name) ? { ...(result as object), time } : { result, time });
    } catch (err) {
      const known = restError(req.t, err);
      if (!known) throw err;
      res.status(known.status).json({ error: known.code, error_description: known.description });
    }
  };

  r.get('/rest/:userId/:token/:method', handle);
  r.post('/rest/:userId/:token/:method', handle);
  return r;
}
