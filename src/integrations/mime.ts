import crypto from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import sanitizeHtml from 'sanitize-html';

/**
 * A raw RFC 822 message read into what the CRM stores (mailparser: any charset it declares —
 * windows-1251 and KOI8-R included — quoted-printable, base64, encoded words in headers). HTML is
 * sanitised here, once, for showing inside a page: no scripts, styles, forms or remote images.
 */
export interface MailAddress {
  address: string;
  name: string | null;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId: string | null;
}

export interface ParsedMessage {
  /** Without angle brackets; a message without one gets `<sha256 of the source>@prosto.invalid`. */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  /** Bcc as the message itself carries it (only copies in a sender's Sent folder do). */
  bcc: MailAddress[];
  /** Where the server says it delivered the message (Delivered-To, X-Original-To): how a Bcc copy is recognised. */
  deliveredTo: string[];
  subject: string;
  date: number | null;
  text: string;
  html: string | null;
  attachments: ParsedAttachment[];
  /** Auto-Submitted, Precedence: bulk/junk/list and the like: machines writing, not people. */
  automatic: boolean;
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, '').trim();

function idList(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(/\s+/)).map(bare).filter(Boolean);
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((o) => o.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .filter((a) => a.address)
    .map((a) => ({ address: a.address!.trim().toLowerCase(), name: a.name?.trim() || null }));
}

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img', 'font', 'center', 'u', 's']),
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'width', 'height'], td: ['colspan', 'rowspan', 'align'], th: ['colspan', 'rowspan', 'align'], font: ['color'], '*': ['dir'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  // Remote images would tell the sender when the message was read: only ones inside the message.
  allowedSchemesByTag: { img: ['data'] },
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
};

export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions);
}

function headerText(headers: Map<string, unknown>, name: string): string[] {
  const v = headers.get(name);
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x && 'text' in x ? String((x as { text: string }).text) : String(x)));
}

export async function parseMessage(source: Buffer): Promise<ParsedMessage> {
  const m = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true });
  const automatic =
    headerText(m.headers, 'auto-submitted').some((v) => !/^no$/i.test(v.trim())) ||
    headerText(m.headers, 'precedence').some((v) => /^(bulk|junk|list|auto_reply)$/i.test(v.trim()));
  const deliveredTo = [...headerText(m.headers, 'delivered-to'), ...headerText(m.headers, 'x-original-to')].flatMap((v) => v.split(',')).map((v) => bare(v).toLowerCase()).filter(Boolean);
  return {
    messageId: m.messageId ? bare(m.messageId) : `${crypto.createHash('sha256').update(source).digest('hex')}@prosto.invalid`,
    inReplyTo: m.inReplyTo ? (idList(m.inReplyTo)[0] ?? null) : null,
    references: idList(m.references),
    from: addresses(m.from)[0] ?? null,
    to: addresses(m.to),
    cc: addresses(m.cc),
    bcc: addresses(m.bcc),
    deliveredTo,
    subject: (m.subject ?? '').trim(),
    date: m.date && !Number.isNaN(m.date.getTime()) ? m.date.getTime() : null,
    text: (m.text ?? '').replace(/\r\n?/g, '\n').trim(),
    html: typeof m.html === 'string' && m.html.trim() ? sanitizeMailHtml(m.html) : null,
    // Images the HTML shows inline (cid:) are not kept: remote and cid images are not shown anyway.
    attachments: m.attachments
      .filter((a) => !(a.related && a.contentType.startsWith('image/')) || a.contentDisposition === 'attachment')
      .map((a, i) => ({ filename: a.filename?.trim() || `attachment-${i + 1}`, contentType: a.contentType || 'application/octet-stream', content: a.content, contentId: a.cid ?? null })),
    automatic,
  };
}
