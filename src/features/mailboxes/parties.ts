import type { MailAddress, ParsedMessage } from '../../integrations/mime.js';
import { isExcluded, type ExclusionRules } from '../mail-settings/exclusions.js';

/**
 * Who a message is between, as filing sees it (docs/decisions.md, "E-mail"):
 *  - written by a user (their address is the sender, or the mailbox's own): outgoing, by that user,
 *    about its outside recipients;
 *  - written by anyone else: incoming, about its sender and the outside people copied.
 * A message a user forwarded to the Send&Save address is about the people named in the forwarded
 * part. Users, the mailbox itself and excluded addresses are never parties.
 */
export interface Parties {
  direction: 'in' | 'out';
  /** The user who wrote it (outgoing), or null. */
  userId: number | null;
  /** Outside addresses the message is about, lower-cased, each once. */
  addresses: string[];
  /** The outside sender of incoming mail, when not excluded: who a new lead would be. */
  sender: MailAddress | null;
  /** Every outside address was excluded (nothing is filed and no lead is made). */
  excluded: boolean;
}

export interface PartiesContext {
  mailboxAddress: string;
  ownerId: number;
  users: Map<string, number>;
  rules: ExclusionRules;
  sendSave: boolean;
}

const FORWARD_SUBJECT = /^\s*(fwd?|fw|пересл|перенаправлено)\s*:/i;
const FORWARD_HEADER = /^\s*>?\s*(from|to|cc|от|кому|копия)\s*:\s*(.+)$/gim;
const ADDRESS = /[a-z0-9._%+'-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;

/** The addresses named by the header lines of a forwarded message's quoted part. */
export function forwardedAddresses(text: string): { from: string | null; all: string[] } {
  let from: string | null = null;
  const all: string[] = [];
  for (const m of text.matchAll(FORWARD_HEADER)) {
    const found = (m[2]!.match(ADDRESS) ?? []).map((a) => a.toLowerCase());
    if (!from && /^(from|от)$/i.test(m[1]!)) from = found[0] ?? null;
    all.push(...found);
  }
  return { from, all };
}

export function partiesOf(m: ParsedMessage, c: PartiesContext): Parties {
  const own = (a: string) => a === c.mailboxAddress || c.users.has(a);
  const from = m.from?.address ?? '';
  const authorId = from === c.mailboxAddress && !c.users.has(from) ? c.ownerId : (c.users.get(from) ?? null);
  const recipients = [...m.to, ...m.cc, ...m.bcc].map((a) => a.address);
  let direction: Parties['direction'] = authorId !== null ? 'out' : 'in';
  let named = authorId !== null ? recipients : [from, ...recipients];
  let sender: MailAddress | null = authorId === null && m.from ? m.from : null;
  if (c.sendSave && authorId !== null && named.filter((a) => !own(a)).length === 0 && FORWARD_SUBJECT.test(m.subject)) {
    // Forwarded to the CRM: about whoever the forwarded message was between.
    const forwarded = forwardedAddresses(m.text);
    named = forwarded.all;
    if (forwarded.from && !own(forwarded.from)) {
      direction = 'in';
      sender = null;
    }
  }
  const outside = [...new Set(named.filter((a) => a && !own(a)))];
  const addresses = outside.filter((a) => !isExcluded(c.rules, a));
  if (sender && (own(sender.address) || isExcluded(c.rules, sender.address))) sender = null;
  return { direction, userId: authorId, addresses, sender, excluded: outside.length > 0 && addresses.length === 0 };
}
