import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ValidationError } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { saveOrigin, utmOf } from '../../platform/records/origins.js';
import { referenceList, allLeadStatuses } from '../pipelines/queries.js';
import { defaultCurrency } from '../deals/service.js';
import { leadForm } from '../leads/form.js';
import { createLead } from '../leads/service.js';
import type { TokenRow } from '../integrations/queries.js';

/**
 * The lead API with an integration token: a lead made as the token's user, with their rights, from
 * the lead's own field names (docs/lead-capture.md). Phones and e-mails may be one value or a list;
 * the source by its id or name; custom fields as cf_<code>; UTM parameters given or read from `page`.
 */
type Body = Record<string, unknown>;

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).filter((x): x is string | number => typeof x === 'string' || typeof x === 'number').map(String);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function sourceId(ctx: AppContext, v: unknown): string {
  const given = text(v).trim();
  if (!given) return '';
  const sources = referenceList(ctx.db, 'source');
  return String(sources.find((s) => String(s.id) === given || s.name.toLowerCase() === given.toLowerCase())?.id ?? given);
}

export function leadFromApi(ctx: AppContext, user: CurrentUser, token: TokenRow, body: Body): { id: number } {
  const statuses = allLeadStatuses(ctx.db).filter((s) => s.semantics === 'open');
  const person = [text(body.lastName), text(body.firstName)].filter(Boolean).join(' ');
  const phones = list(body.phone);
  const emails = list(body.email);
  const custom = Object.fromEntries(Object.entries(body).filter(([k]) => k.startsWith('cf_')));
  const form = parseForm(leadForm, {
    ...custom,
    title: text(body.title) || [token.name, person || phones[0] || emails[0]].filter(Boolean).join(' — '),
    lastName: text(body.lastName), firstName: text(body.firstName), middleName: text(body.middleName),
    companyTitle: text(body.companyTitle), position: text(body.position), comments: text(body.comments),
    statusId: text(body.statusId) || String(statuses[0]!.id),
    sourceId: sourceId(ctx, body.source ?? body.sourceId),
    amount: text(body.amount), currency: text(body.currency) || defaultCurrency(ctx),
    responsibleId: text(body.responsibleId) || String(user.id),
    comms: { phone: phones.map((value) => ({ type: 'work', value })), email: emails.map((value) => ({ type: 'work', value })) },
  });
  if (!form.ok) throw new ValidationError(form.errors);
  const page = text(body.page) || null;
  return ctx.sqlite.transaction(() => {
    const lead = createLead(ctx, user, form.data, { channel: 'api', source: token.name });
    saveOrigin(ctx.db, 'lead', lead.id, { channel: 'api', formId: null, sourceName: token.name, pageUrl: page, referrer: text(body.referrer) || null, utm: utmOf(page, body) }, ctx.clock.now());
    return { id: lead.id };
  })();
}
