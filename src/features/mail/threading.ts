import type { Db } from '../../db/connection.js';
import * as q from './queries.js';

/**
 * Threads: a message joins the thread of the first message it answers that the CRM holds (its
 * In-Reply-To, then its References from the nearest back); otherwise the thread of the first
 * message its References name, or its own. A reply that arrives before the message it answers is
 * joined to it when that one comes (adoptReplies).
 */
export function threadFor(db: Db, m: { messageId: string; inReplyTo: string | null; refs: string[] }): string {
  const candidates = [...(m.inReplyTo ? [m.inReplyTo] : []), ...[...m.refs].reverse()];
  return q.knownOf(db, candidates)?.threadId ?? m.refs[0] ?? m.inReplyTo ?? m.messageId;
}

/** At most this many References are carried on (RFC 5322 lets them grow; servers limit header size). */
const MAX_REFS = 20;

/** The headers of a reply: In-Reply-To the parent, References its references and the parent. */
export function replyHeaders(parent: { messageId: string; refs: string }): { inReplyTo: string; refs: string[] } {
  const refs = [...(JSON.parse(parent.refs) as string[]), parent.messageId];
  return { inReplyTo: parent.messageId, refs: refs.length > MAX_REFS ? [refs[0]!, ...refs.slice(-(MAX_REFS - 1))] : refs };
}

/** "Re: " once, whatever prefix the other side's client used. */
export function replySubject(subject: string): string {
  return /^\s*(re|aw|sv|ответ|на)\s*(\[\d+\])?\s*:/i.test(subject) ? subject : `Re: ${subject}`;
}

/** The answered message under a "> " margin, after a line naming its sender and date. */
export function quoted(m: { fromAddress: string; fromName: string | null; date: number; bodyText: string }): string {
  const who = m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress;
  const when = new Date(m.date).toISOString().slice(0, 16).replace('T', ' ');
  return `${when} UTC, ${who}:\n${m.bodyText.split('\n').map((l) => `> ${l}`).join('\n')}`;
}
