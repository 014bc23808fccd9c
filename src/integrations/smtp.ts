import nodemailer from 'nodemailer';

/**
 * Sending through the company's SMTP server (nodemailer). Knows nothing of the CRM: it takes a server
 * and a message and reports what the server answered, so pages can show the server's own words.
 */
export type SmtpSecurity = 'starttls' | 'tls' | 'none';

export interface SmtpServer {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string | null;
  password: string | null;
}

export interface Address {
  address: string;
  name?: string | null;
}

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  /** A file on disk, streamed when the message is sent. */
  path: string;
}

export interface OutgoingMail {
  /** Without angle brackets. */
  messageId: string;
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  text: string;
  html: string | null;
  inReplyTo: string | null;
  references: string[];
  date: Date;
  attachments: OutgoingAttachment[];
}

/** What the server said: accepted with its reply line, or refused / unreachable with the reason. */
export type SmtpAnswer = { ok: true; reply: string } | { ok: false; error: string; permanent: boolean };

const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

function transport(server: SmtpServer) {
  return nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: server.user ? { user: server.user, pass: server.password ?? '' } : undefined,
    ...TIMEOUTS,
  });
}

const bracketed = (id: string) => `<${id}>`;
const formatted = (a: Address) => (a.name ? { name: a.name, address: a.address } : a.address);

/**
 * An error in the server's words when it gave any ("535 5.7.8 Authentication failed"), else the
 * network's ("connect ECONNREFUSED 127.0.0.1:2525"). A 5xx reply is permanent: sending the same
 * message again will not help.
 */
function failure(err: unknown): SmtpAnswer {
  const e = err as { response?: string; responseCode?: number; message?: string; code?: string };
  const text = e.response ?? e.message ?? String(err);
  return { ok: false, error: text.trim().slice(0, 1000), permanent: typeof e.responseCode === 'number' && e.responseCode >= 500 && e.code !== 'EAUTH' };
}

export async function sendMail(server: SmtpServer, mail: OutgoingMail): Promise<SmtpAnswer> {
  const t = transport(server);
  try {
    const info = await t.sendMail({
      messageId: bracketed(mail.messageId),
      from: formatted(mail.from),
      to: mail.to.map(formatted),
      cc: mail.cc.map(formatted),
      bcc: mail.bcc.map(formatted),
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      date: mail.date,
      ...(mail.inReplyTo ? { inReplyTo: bracketed(mail.inReplyTo) } : {}),
      ...(mail.references.length ? { references: mail.references.map(bracketed) } : {}),
      attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, path: a.path })),
    });
    return { ok: true, reply: String(info.response ?? '').trim() };
  } catch (err) {
    return failure(err);
  } finally {
    t.close();
  }
}
