import type { AppContext } from '../../context.js';
import { may, mayRecord } from '../../platform/access/index.js';
import type { BoundEntity } from '../../platform/access/activities.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { bindingsFor, findBound } from '../activities/service.js';
import { exclusionRules, smtpServer } from '../mail-settings/service.js';
import { isExcluded } from '../mail-settings/exclusions.js';
import { renderPlaceholders } from '../mail-templates/placeholders.js';
import { findTemplate, templatesFor } from '../mail-templates/queries.js';
import { placeholderValues } from '../mail-templates/values.js';
import { addressChoices, queueOutgoing } from '../mail/service.js';
import type { Address } from '../../integrations/smtp.js';
import type { MassMailInput } from './form.js';
import * as q from './queries.js';

export const DEFAULT_PER_MINUTE = 30;

/** Why a selected record gets no message. */
export type Skip = 'noAddress' | 'notAllowed' | 'missing';

export interface Recipient {
  id: number;
  title: string;
  address: string | null;
  skip: Skip | null;
}

/**
 * Who a mailing to selected records goes to: each record's first address (a deal's contact's or
 * company's), unless it is excluded, and only records the user may edit — writing to a record adds to
 * its journal, as one e-mail does. Each record gets one message, however often it was selected.
 */
export function recipientsOf(ctx: AppContext, user: CurrentUser, entity: BoundEntity, ids: number[]): Recipient[] {
  const rules = exclusionRules(ctx);
  return [...new Set(ids)].map((id) => {
    const record = findBound(ctx.db, entity, id);
    if (!record || !mayRecord(ctx.db, user, entity, 'read', record)) return { id, title: '', address: null, skip: 'missing' as const };
    if (!mayRecord(ctx.db, user, entity, 'edit', record)) return { id, title: record.title, address: null, skip: 'notAllowed' as const };
    const address = addressChoices(ctx, entity, id).find((c) => !isExcluded(rules, c.address))?.address ?? null;
    return { id, title: record.title, address, skip: address ? null : ('noAddress' as const) };
  });
}

export function mailingForm(ctx: AppContext, user: CurrentUser, entity: BoundEntity, ids: number[], templateId: number | undefined) {
  const recipients = recipientsOf(ctx, user, entity, ids).filter((r) => r.skip !== 'missing');
  const template = templateId ? findTemplate(ctx.db, templateId) : null;
  const usable = template && (template.ownerId === null || template.ownerId === user.id) ? template : null;
  return {
    entity,
    recipients,
    reachable: recipients.filter((r) => r.address).length,
    templates: templatesFor(ctx.db, user.id),
    ready: smtpServer(ctx) !== null,
    values: { entity, ids: recipients.map((r) => String(r.id)), subject: usable?.subject ?? '', body: usable?.body ?? '\n\n{{user.signature}}', format: 'plain', perMinute: String(DEFAULT_PER_MINUTE), template: usable ? String(usable.id) : '' },
  };
}

/**
 * Queues one message per reachable record, its placeholders filled with that record's values, each
 * with its e-mail activity; the outbox sends them at `perMinute` at most. Nothing is queued unless
 * all of them are.
 */
export function startMailing(ctx: AppContext, user: CurrentUser, input: MassMailInput): q.CampaignRow {
  const smtp = smtpServer(ctx);
  if (!smtp) throw new ValidationError({ _form: { key: 'mail.error.notSetUp' } });
  const recipients = recipientsOf(ctx, user, input.entity, input.ids);
  const reachable = recipients.filter((r) => r.address !== null);
  if (reachable.length === 0) throw new ValidationError({ _form: { key: 'massMail.error.nobody' } });
  const now = ctx.clock.now();
  return ctx.db.transaction(() => {
    const campaign = q.insertCampaign(ctx.db, { createdBy: user.id, entity: input.entity, subject: input.subject, body: input.body, perMinute: input.perMinute, total: reachable.length, skipped: recipients.length - reachable.length, createdAt: now });
    for (const r of reachable) {
      const values = placeholderValues(ctx, user, input.entity, r.id);
      const to: Address[] = [{ address: r.address!, name: null }];
      const record = findBound(ctx.db, input.entity, r.id)!;
      queueOutgoing(
        ctx,
        user,
        { entity: input.entity, entityId: r.id, bindings: bindingsFor(ctx.db, input.entity, record), to, cc: [], bcc: [], subject: renderPlaceholders(input.subject, values), body: renderPlaceholders(input.body, values), rich: input.format === 'rich', parent: null, campaignId: campaign.id, attachments: [] },
        smtp.fromEmail,
        now,
      );
    }
    return campaign;
  });
}

/** A mailing's progress and report, for whoever started it and for administrators. */
export function campaignView(ctx: AppContext, user: CurrentUser, id: number) {
  const c = q.findCampaign(ctx.db, id);
  if (!c || (c.createdBy !== user.id && !may(user, 'settings'))) throw new NotFoundError();
  const progress = q.campaignProgress(ctx.db, id);
  const sent = progress.sent ?? 0;
  const failed = progress.failed ?? 0;
  const waiting = c.total - sent - failed;
  return {
    campaign: c,
    sent,
    failed,
    waiting,
    done: waiting === 0,
    processed: sent + failed,
    percent: c.total ? Math.round(((sent + failed) / c.total) * 100) : 100,
    messages: q.campaignMessages(ctx.db, id).map((m) => ({ ...m, to: (JSON.parse(m.toList) as Address[]).map((a) => a.address).join(', ') })),
  };
}
