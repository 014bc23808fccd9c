import crypto from 'node:crypto';
import type { AppContext } from '../../context.js';
import { countRejection, hitAddress } from './queries.js';

/**
 * Spam and abuse protection of public forms, with no outside service:
 *  - a honeypot: an input people never see (`website`); a filled one is a robot's;
 *  - a minimum fill time: the page (or the embed's config) carries a signed issue time, and a form sent
 *    sooner than a person could fill it, or with a stamp that is forged or older than a day, is refused;
 *  - a rate limit per sending address across all forms;
 *  - size limits: on the body (platform/http/outside.ts) and per value (fields.ts).
 * A refused submission makes nothing and is counted per form and reason for the form's page.
 */
export const spamPolicy = {
  honeypot: 'website',
  minFillMs: 3_000,
  maxAgeMs: 24 * 3_600_000,
  /** Submissions per address in the window: an office behind one address still sends a few. */
  perAddress: 10,
  windowMs: 10 * 60_000,
};

export type Rejection = 'honeypot' | 'tooFast' | 'expired' | 'rateLimit';

function sign(ctx: AppContext, formKey: string, at: number): string {
  return crypto.createHmac('sha256', ctx.secret).update(`form:${formKey}:${at}`).digest('base64url').slice(0, 22);
}

/** The stamp a form is shown with: when it was issued, signed for that form. */
export function fillStamp(ctx: AppContext, formKey: string): string {
  const at = ctx.clock.now();
  return `${at}.${sign(ctx, formKey, at)}`;
}

function stampProblem(ctx: AppContext, formKey: string, stamp: unknown): Rejection | null {
  const m = typeof stamp === 'string' ? /^(\d{10,15})\.([\w-]{22})$/.exec(stamp) : null;
  if (!m) return 'expired';
  const at = Number(m[1]);
  const expected = Buffer.from(sign(ctx, formKey, at));
  if (!crypto.timingSafeEqual(expected, Buffer.from(m[2]!))) return 'expired';
  const age = ctx.clock.now() - at;
  if (age > spamPolicy.maxAgeMs || age < -60_000) return 'expired';
  return age < spamPolicy.minFillMs ? 'tooFast' : null;
}

/**
 * Why a public submission is refused, or null to accept it. Counts it against its address first, so a
 * robot hammering the form is slowed whatever it sends; a refusal is counted for the form.
 */
export function screen(ctx: AppContext, form: { id: number; key: string }, body: Record<string, unknown>, address: string): Rejection | null {
  const now = ctx.clock.now();
  const reason: Rejection | null =
    hitAddress(ctx.db, address, now, spamPolicy.windowMs) > spamPolicy.perAddress
      ? 'rateLimit'
      : typeof body[spamPolicy.honeypot] === 'string' && (body[spamPolicy.honeypot] as string) !== ''
        ? 'honeypot'
        : stampProblem(ctx, form.key, body._stamp);
  if (reason) countRejection(ctx.db, form.id, reason, now);
  return reason;
}

/** A refusal for a submission too large to read (counted like the others). */
export function countTooLarge(ctx: AppContext, formId: number): void {
  countRejection(ctx.db, formId, 'tooLarge', ctx.clock.now());
}
