import type { AppContext } from '../../context.js';
import { may } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { encryptSecret } from '../../platform/secrets.js';
import { isActiveUser, userName } from '../../platform/records/names.js';
import { dropRotation } from '../../platform/distribution.js';
import { mayRecord } from '../../platform/access/index.js';
import { toCurrentUser } from '../../platform/auth/sessions.js';
import { findUser } from '../users/queries.js';
import type { MailboxInput } from './form.js';
import * as q from './queries.js';
import { accountOf, checkMailbox } from './sync.js';
import { leadRotationKey } from './leads.js';

/**
 * Mailboxes belong to their owner: a user connects and changes their own; those who may change
 * settings see and change every mailbox, give one to a colleague, and make the Send&Save one.
 * Another user's mailbox does not exist for a user.
 */
export function mailboxFor(ctx: AppContext, user: CurrentUser, id: number): q.MailboxRow {
  const m = q.findMailbox(ctx.db, id);
  if (!m || (m.ownerId !== user.id && !may(user, 'settings'))) throw new NotFoundError();
  return m;
}

export function mailboxes(ctx: AppContext, user: CurrentUser) {
  return q.mailboxList(ctx.db, may(user, 'settings') ? null : user.id).map((r) => ({ ...r, folders: JSON.parse(r.mailbox.folders) as string[] }));
}

function fieldsOf(ctx: AppContext, user: CurrentUser, input: MailboxInput, stored: q.MailboxRow | null) {
  const admin = may(user, 'settings');
  if (input.purpose === 'sendsave' && !admin && stored?.purpose !== 'sendsave') throw new ForbiddenError();
  const ownerId = admin && input.ownerId !== null ? input.ownerId : (stored?.ownerId ?? user.id);
  if (!isActiveUser(ctx.db, ownerId)) throw new ValidationError({ ownerId: { key: 'validation.invalid' } });
  if (!input.password && !stored) throw new ValidationError({ password: { key: 'validation.required' } });
  const lead = leadSettings(ctx, ownerId, input);
  return {
    ...lead,
    ownerId,
    purpose: admin ? input.purpose : (stored?.purpose ?? 'personal'),
    address: input.address,
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username ?? input.address,
    passwordEnc: input.password ? encryptSecret(ctx.config.dataDir, input.password) : stored!.passwordEnc,
    folders: JSON.stringify(input.folders),
    collectDays: input.collect === 'all' ? null : Number(input.collect),
    createLeads: input.createLeads,
    active: input.active,
  };
}

/**
 * "In turn among chosen users" needs at least one active user, each one the owner may make a lead
 * for: mail leads are made with the owner's rights (docs/decisions.md, "Unknown senders → leads").
 */
function leadSettings(ctx: AppContext, ownerId: number, input: MailboxInput): { leadResponsible: 'owner' | 'rotation'; leadUserIds: string } {
  if (input.leadResponsible !== 'rotation') return { leadResponsible: 'owner', leadUserIds: '[]' };
  const ids = [...new Set(input.leadUserIds ?? [])];
  if (ids.length === 0) throw new ValidationError({ leadUserIds: { key: 'validation.required' } });
  if (!ids.every((id) => isActiveUser(ctx.db, id))) throw new ValidationError({ leadUserIds: { key: 'validation.invalid' } });
  const owner = toCurrentUser(ctx.db, findUser(ctx.db, ownerId)!);
  const outside = ids.filter((id) => !mayRecord(ctx.db, owner, 'lead', 'add', { responsibleId: id }));
  if (outside.length) throw new ValidationError({ leadUserIds: { key: 'mailboxes.error.leadUsersOutOfScope', params: { names: outside.map((id) => userName(ctx.db, id) ?? `#${id}`).join(', ') } } });
  return { leadResponsible: 'rotation', leadUserIds: JSON.stringify(ids) };
}

export function createMailbox(ctx: AppContext, user: CurrentUser, input: MailboxInput): q.MailboxRow {
  const now = ctx.clock.now();
  return q.insertMailbox(ctx.db, { ...fieldsOf(ctx, user, input, null), nextSyncAt: 0, createdAt: now, updatedAt: now });
}

/**
 * Changing the server, the login or the first window starts reading afresh (Message-IDs keep what was
 * filed from being filed twice); other changes keep each folder's position.
 */
export function updateMailbox(ctx: AppContext, user: CurrentUser, id: number, input: MailboxInput): void {
  const stored = mailboxFor(ctx, user, id);
  const next = fieldsOf(ctx, user, input, stored);
  const moved = next.host !== stored.host || next.port !== stored.port || next.username !== stored.username || next.collectDays !== stored.collectDays;
  ctx.db.transaction(() => {
    q.updateMailbox(ctx.db, id, { ...next, nextSyncAt: 0, lastError: null, updatedAt: ctx.clock.now() });
    if (moved) q.forgetFolders(ctx.db, id);
    // A new set of people starts the rotation again from its top.
    if (next.leadUserIds !== stored.leadUserIds) dropRotation(ctx, leadRotationKey(id));
  });
}

/** Removes the connection; what was filed from it stays on the records. */
export function deleteMailbox(ctx: AppContext, user: CurrentUser, id: number): q.MailboxRow {
  const m = mailboxFor(ctx, user, id);
  q.deleteMailbox(ctx.db, id);
  dropRotation(ctx, leadRotationKey(id));
  return m;
}

/** Logs in with the stored settings: the server's folders, or why it refused. */
export async function testMailbox(ctx: AppContext, user: CurrentUser, id: number): Promise<{ ok: true; folders: string[] } | { ok: false; error: string }> {
  const m = mailboxFor(ctx, user, id);
  try {
    return { ok: true, folders: await checkMailbox(accountOf(ctx, m)) };
  } catch (err) {
    const e = err as { responseText?: string; message?: string };
    return { ok: false, error: String(e.responseText ?? e.message ?? err) };
  }
}
