import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';
import { activities } from './activities.js';

/**
 * E-mail (SPEC.md, "E-mail"). Passwords are stored encrypted (platform/secrets.ts) with a key kept in
 * the data folder, never in the database: a leaked database file alone does not give mail access.
 */

/** The one row of installation-wide mail settings (id = 1): the company's SMTP server and what is never filed. */
export const mailSettings = sqliteTable('mail_settings', {
  id: integer('id').primaryKey(),
  smtpHost: text('smtp_host').notNull(),
  smtpPort: integer('smtp_port').notNull(),
  /** starttls | tls | none */
  smtpSecurity: text('smtp_security').notNull(),
  smtpUser: text('smtp_user'),
  smtpPasswordEnc: text('smtp_password_enc'),
  /** The address mail from the CRM is sent from; the name is each user's. */
  fromEmail: text('from_email').notNull(),
  /** Addresses ("noreply@x.ru"), local parts ("noreply@") and domains ("x.ru") never filed, one per line. */
  exclusions: text('exclusions').notNull().default(''),
  /** Cap on one message's attachments together. */
  maxAttachmentMb: integer('max_attachment_mb').notNull().default(10),
  /** The last notification the notification-mail job has looked at (it e-mails those after it). */
  notifyCursor: integer('notify_cursor').notNull().default(0),
  updatedAt: integer('updated_at').notNull(),
});

/** Per user: the name mail goes out under and the signature ({{user.signature}}). */
export const userMailPrefs = sqliteTable('user_mail_prefs', {
  userId: integer('user_id').primaryKey().references(() => users.id),
  fromName: text('from_name'),
  signature: text('signature'),
  updatedAt: integer('updated_at').notNull(),
});

/** Message templates with placeholders. No owner: shared (kept by administrators); an owner: that user's own. */
export const mailTemplates = sqliteTable(
  'mail_templates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    ownerId: integer('owner_id').references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('mail_templates_owner').on(t.ownerId, t.name)],
);

/**
 * IMAP mailboxes polled by the mail-sync job. `purpose` is personal (a user's own mailbox) or
 * sendsave (the CRM's address users copy or forward mail to). `folders` is a JSON array of paths.
 * `collectDays` is how far back the first sync reads; null reads everything.
 */
export const mailboxes = sqliteTable(
  'mailboxes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerId: integer('owner_id').notNull().references(() => users.id),
    purpose: text('purpose').notNull().default('personal'),
    address: text('address').notNull(),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    /** tls | starttls | none */
    security: text('security').notNull(),
    username: text('username').notNull(),
    passwordEnc: text('password_enc').notNull(),
    folders: text('folders').notNull().default('["INBOX","Sent"]'),
    collectDays: integer('collect_days'),
    createLeads: integer('create_leads', { mode: 'boolean' }).notNull().default(true),
    /** Who gets a lead made from an unknown sender's mail: owner (the mailbox owner) | rotation (in turn among `leadUserIds`). */
    leadResponsible: text('lead_responsible').notNull().default('owner'),
    /** JSON array of user ids, in the order the rotation goes through them. */
    leadUserIds: text('lead_user_ids').notNull().default('[]'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** When the scheduled sync takes this mailbox next (jittered per mailbox). */
    nextSyncAt: integer('next_sync_at').notNull().default(0),
    lastSyncAt: integer('last_sync_at'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('mailboxes_owner').on(t.ownerId)],
);

/**
 * Where the sync of one folder stands: every message with a UID up to `lastUid` under `uidValidity`
 * has been processed. A new UIDVALIDITY starts the folder again from the same `since`.
 */
export const mailboxFolders = sqliteTable(
  'mailbox_folders',
  {
    mailboxId: integer('mailbox_id').notNull().references(() => mailboxes.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    uidValidity: text('uid_validity').notNull(),
    lastUid: integer('last_uid').notNull(),
    /** The first sync's window start (ms), kept for a restart after a UIDVALIDITY change; null: everything. */
    since: integer('since'),
  },
  (t) => [primaryKey({ columns: [t.mailboxId, t.path] })],
);

/**
 * One e-mail, sent from the CRM or received by a mailbox, stored once by its Message-ID whichever
 * folders and mailboxes hold it. Filed mail has an e-mail activity bound to every matching record.
 * Outgoing mail waits in the outbox (status queued/retry) until the SMTP server accepts it.
 */
export const mailMessages = sqliteTable(
  'mail_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Without angle brackets; a message without one gets a digest of its content. */
    messageId: text('message_id').notNull(),
    /** The Message-ID of the thread's first message. */
    threadId: text('thread_id').notNull(),
    /** in | out */
    direction: text('direction').notNull(),
    /** record: written to or about clients (has an activity); system: a notification to a user. */
    kind: text('kind').notNull().default('record'),
    mailboxId: integer('mailbox_id').references(() => mailboxes.id, { onDelete: 'set null' }),
    activityId: integer('activity_id').references(() => activities.id, { onDelete: 'set null' }),
    campaignId: integer('campaign_id'),
    /** The user who sent it (outgoing, Send&Save). */
    userId: integer('user_id').references(() => users.id),
    fromAddress: text('from_address').notNull(),
    fromName: text('from_name'),
    /** JSON arrays of {address, name}. */
    toList: text('to_list').notNull().default('[]'),
    ccList: text('cc_list').notNull().default('[]'),
    bccList: text('bcc_list').notNull().default('[]'),
    subject: text('subject').notNull(),
    date: integer('date').notNull(),
    inReplyTo: text('in_reply_to'),
    /** JSON array of Message-IDs. */
    refs: text('refs').notNull().default('[]'),
    bodyText: text('body_text').notNull().default(''),
    /** Sanitised for display; null for plain-text mail. */
    bodyHtml: text('body_html'),
    /** received | queued | sending | retry | sent | failed */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at'),
    lastError: text('last_error'),
    /** The SMTP server's answer when it accepted the message. */
    serverReply: text('server_reply'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('mail_messages_message_id').on(t.messageId),
    index('mail_messages_thread').on(t.threadId, t.date),
    index('mail_messages_activity').on(t.activityId),
    index('mail_messages_campaign').on(t.campaignId, t.status),
    index('mail_messages_outbox').on(t.nextAttemptAt).where(sql`status IN ('queued', 'retry', 'sending')`),
  ],
);

/** Attachments, stored as files under the data folder's files/mail/ (so backups hold them). */
export const mailAttachments = sqliteTable(
  'mail_attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageRowId: integer('message_row_id').notNull().references(() => mailMessages.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** Relative to the data folder's files/. */
    storedPath: text('stored_path').notNull(),
    contentId: text('content_id'),
    /** The quote or invoice whose PDF this is (attached in one click); a draft becomes "sent" when the server takes the message. */
    documentId: integer('document_id'),
  },
  (t) => [index('mail_attachments_message').on(t.messageRowId)],
);

/** A mass e-mail: one queued message per recipient (mail_messages.campaign_id), sent at `perMinute` at most. */
export const mailCampaigns = sqliteTable('mail_campaigns', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  createdBy: integer('created_by').notNull().references(() => users.id),
  entity: text('entity').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  perMinute: integer('per_minute').notNull(),
  total: integer('total').notNull(),
  /** Selected records without an e-mail address (or excluded ones): nothing was queued for them. */
  skipped: integer('skipped').notNull().default(0),
  createdAt: integer('created_at').notNull(),
  finishedAt: integer('finished_at'),
});
