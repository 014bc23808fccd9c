import crypto from 'node:crypto';

/** A fresh Message-ID (without angle brackets) on the domain of the address mail is sent from. */
export function messageIdFor(fromEmail: string, now: number): string {
  const domain = fromEmail.slice(fromEmail.lastIndexOf('@') + 1) || 'prosto.local';
  return `${now.toString(36)}.${crypto.randomBytes(9).toString('base64url')}@${domain}`;
}
