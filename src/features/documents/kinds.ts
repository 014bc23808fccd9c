/**
 * Quotes and invoices: one table, two kinds with their own statuses and rights (access entities
 * "quote" and "invoice"). An invoice's "partly paid" and "paid" come from its payments, never from a
 * click; the others are set by hand. In a final status (a paid or cancelled invoice, an accepted or
 * declined quote) the document no longer changes: its rows and header are as they were sent.
 */
export const docKinds = ['quote', 'invoice'] as const;
export type DocKind = (typeof docKinds)[number];

export const statuses = {
  quote: ['draft', 'sent', 'accepted', 'declined'],
  invoice: ['draft', 'sent', 'partly_paid', 'paid', 'cancelled'],
} as const satisfies Record<DocKind, readonly string[]>;

export type DocStatus = (typeof statuses)[DocKind][number];

/** Statuses a user may choose (the paid ones follow the payments). */
export const manualStatuses: Record<DocKind, readonly DocStatus[]> = {
  quote: statuses.quote,
  invoice: ['draft', 'sent', 'cancelled'],
};

const locked: Record<DocKind, readonly DocStatus[]> = { quote: ['accepted', 'declined'], invoice: ['paid', 'cancelled'] };

export const isLocked = (kind: DocKind, status: string): boolean => (locked[kind] as readonly string[]).includes(status);

export const basePath: Record<DocKind, string> = { quote: '/quotes', invoice: '/invoices' };

/** An invoice is overdue when it is still to be paid (sent or partly paid) after its due day. */
export function isOverdue(doc: { kind: string; status: string; dueOn: string | null }, today: string): boolean {
  return doc.kind === 'invoice' && (doc.status === 'sent' || doc.status === 'partly_paid') && doc.dueOn !== null && doc.dueOn < today;
}

/** The status after the payments change: paid in full, partly, or (none left) back to "sent". */
export function statusAfterPayments(status: DocStatus, paidMinor: number, totalMinor: number): DocStatus {
  if (status === 'cancelled') return status;
  if (paidMinor > 0 && paidMinor >= totalMinor) return 'paid';
  if (paidMinor > 0) return 'partly_paid';
  return status === 'paid' || status === 'partly_paid' ? 'sent' : status;
}

/** Statuses as numbers for the list engine's "is one of" filter (it filters by numeric ids). */
export const statusNumber = (kind: DocKind, status: string): number => (statuses[kind] as readonly string[]).indexOf(status) + 1;
