import type { AppContext } from '../../context.js';
import type { Job } from '../../jobs/registry.js';
import { ImapSession, type ImapAccount, type ImapSecurity } from '../../integrations/imap.js';
import { decryptSecret } from '../../platform/secrets.js';
import { exclusionRules } from '../mail-settings/service.js';
import { userAddresses } from '../mail-settings/queries.js';
import { fileRaw, type FilingContext, type Outcome } from './filing.js';
import * as q from './queries.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A mailbox is read every 3 minutes and up to a minute more, so mailboxes do not all go at once. */
export const POLL_MS = 3 * MINUTE;
const JITTER_MS = MINUTE;
/**
 * Messages one run files from one mailbox at most: a first sync of years of mail goes on over the
 * following runs (each a minute apart), so a run stays short and shutdown never waits long for it.
 */
export const PER_RUN = 500;

export type SyncCounts = Record<Outcome, number>;
const empty = (): SyncCounts => ({ filed: 0, lead: 0, duplicate: 0, excluded: 0, internal: 0, unmatched: 0 });

export function accountOf(ctx: AppContext, m: q.MailboxRow): ImapAccount {
  const password = decryptSecret(ctx.config.dataDir, m.passwordEnc);
  // The key file was lost or replaced (a restore without its files/): the password must be typed again.
  if (password === null) throw new Error('the stored password cannot be read: enter it again in the mailbox settings');
  return { host: m.host, port: m.port, security: m.security as ImapSecurity, user: m.username, password };
}

/** The folders to read: each configured one by its name, "Sent" also under the server's own name for it. */
function resolveFolders(wanted: string[], onServer: { path: string; specialUse: string | null }[]): { wanted: string; path: string | null }[] {
  return wanted.map((name) => {
    const exact = onServer.find((f) => f.path.toLowerCase() === name.toLowerCase());
    if (exact) return { wanted: name, path: exact.path };
    const special = /^sent$/i.test(name) ? onServer.find((f) => f.specialUse === '\\Sent') : undefined;
    return { wanted: name, path: special?.path ?? null };
  });
}

/**
 * Reads what is new in a mailbox's folders and files it. Each message is filed in the transaction
 * that moves its folder's position past its UID, so an interruption (the server gone, the process
 * stopped) loses nothing and repeats nothing: the next sync starts after the last message filed.
 * A new UIDVALIDITY reads the folder again from its first window; Message-IDs keep what was filed.
 */
export async function syncMailbox(ctx: AppContext, mailbox: q.MailboxRow, limit = PER_RUN): Promise<{ counts: SyncCounts; more: boolean }> {
  const counts = empty();
  let taken = 0;
  let more = false;
  const fc: FilingContext = { mailbox, users: userAddresses(ctx.db), rules: exclusionRules(ctx) };
  const session = await ImapSession.open(accountOf(ctx, mailbox));
  try {
    const folders = resolveFolders(JSON.parse(mailbox.folders) as string[], await session.folders());
    for (const folder of folders) {
      if (!folder.path) continue;
      if (taken >= limit) {
        more = true;
        break;
      }
      const stored = q.folderState(ctx.db, mailbox.id, folder.path);
      const since = stored ? stored.since : mailbox.collectDays === null ? null : ctx.clock.now() - mailbox.collectDays * DAY;
      const read = await session.read(folder.path, { uidValidity: stored?.uidValidity ?? null, lastUid: stored?.lastUid ?? 0, since });
      if (read.restarted) q.saveFolderState(ctx.db, { mailboxId: mailbox.id, path: folder.path, uidValidity: read.uidValidity, lastUid: 0, since });
      for await (const message of read.messages) {
        const position = { mailboxId: mailbox.id, path: folder.path, uidValidity: read.uidValidity, lastUid: message.uid, since };
        counts[await fileRaw(ctx, fc, message.source, () => q.saveFolderState(ctx.db, position))] += 1;
        if (++taken >= limit) {
          more = true;
          break;
        }
      }
    }
  } finally {
    await session.close();
  }
  return { counts, more };
}

/** Logs in and lists the folders: the "Check connection" button. */
export async function checkMailbox(account: ImapAccount): Promise<string[]> {
  const session = await ImapSession.open(account);
  try {
    return (await session.folders()).map((f) => f.path);
  } finally {
    await session.close();
  }
}

const reason = (err: unknown) => {
  const e = err as { responseText?: string; message?: string; code?: string };
  return String(e.responseText ?? e.message ?? err).slice(0, 500);
};

/**
 * The mail-sync job, every minute: on schedule it reads the mailboxes whose time has come (each is
 * next due 3–4 minutes later, jittered); "Run now" reads every active one. A mailbox that fails keeps
 * its error on its settings page and the run is reported failed, after the others were read.
 */
export const mailSyncJob: Job = {
  name: 'mail-sync',
  schedule: '* * * * *',
  async run(ctx, trigger) {
    const total = { ...empty(), mailboxes: 0, failed: 0 };
    const failures: string[] = [];
    for (const mailbox of q.activeMailboxes(ctx.db, trigger === 'schedule' ? ctx.clock.now() : null)) {
      total.mailboxes += 1;
      let error: string | null = null;
      let more = false;
      try {
        const done = await syncMailbox(ctx, mailbox);
        more = done.more;
        for (const [k, v] of Object.entries(done.counts) as [Outcome, number][]) total[k] += v;
      } catch (err) {
        error = reason(err);
        total.failed += 1;
        failures.push(`${mailbox.address}: ${error}`);
      }
      const now = ctx.clock.now();
      // A mailbox with more to read is due again at once (the next run, a minute later).
      q.updateMailbox(ctx.db, mailbox.id, { lastSyncAt: now, lastError: error, nextSyncAt: more ? now : now + POLL_MS + Math.floor(Math.random() * JITTER_MS) });
    }
    if (failures.length) throw new Error(failures.join('; '));
    return { counts: total };
  },
};
