import { minorDigits } from './format.js';

/**
 * Money is exact: integer minor units plus an ISO 4217 code (DESIGN.md, "Data"). Amounts typed by
 * people ("1 234 567,89", "1,234.50", "1234") become minor units without ever passing through a float.
 */
export function parseMoney(input: string, currency: string): number | null {
  const cleaned = input.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!/^-?\d[\d.,]*$/.test(cleaned)) return null;
  const negative = cleaned.startsWith('-');
  const body = negative ? cleaned.slice(1) : cleaned;
  const digits = minorDigits(currency);
  // Which mark is the decimal one: with both present, the last; with one present once, it is decimal
  // unless exactly three digits follow and the currency has fewer minor digits ("12,345 $" is twelve
  // thousand); a mark present several times only groups thousands.
  const hasDot = body.includes('.');
  const hasComma = body.includes(',');
  let decimal: string | null = null;
  if (hasDot && hasComma) decimal = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
  else if (hasDot || hasComma) {
    const mark = hasDot ? '.' : ',';
    const once = body.indexOf(mark) === body.lastIndexOf(mark);
    const after = body.length - body.lastIndexOf(mark) - 1;
    decimal = once && !(after === 3 && digits < 3) ? mark : null;
  }
  const cut = decimal ? body.lastIndexOf(decimal) : body.length;
  const whole = body.slice(0, cut);
  const fraction = decimal ? body.slice(cut + 1) : '';
  const group = decimal === '.' ? ',' : decimal === ',' ? '.' : hasDot ? '.' : ',';
  const grouped = new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`);
  if (!/^\d+$/.test(whole) && !grouped.test(whole)) return null;
  if (!/^\d*$/.test(fraction) || fraction.length > digits || (decimal && fraction === '')) return null;
  const minor = BigInt(whole.replace(/[.,]/g, '')) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(negative ? -minor : minor);
}

/** Minor units back to the plain decimal a form field shows ("1234.50"). */
export function moneyInput(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const scale = 10 ** digits;
  return `${sign}${Math.trunc(abs / scale)}${digits ? `.${String(abs % scale).padStart(digits, '0')}` : ''}`;
}
