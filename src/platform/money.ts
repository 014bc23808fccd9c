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

/**
 * `n / d` rounded half away from zero, as accountants round (0.5 kopeck → 1, −0.5 → −1), in exact
 * integers. `d` must be positive.
 */
export function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < d) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/**
 * A plain non-negative decimal as typed ("1,5", "2", "0.125"): its digits as an integer scaled by
 * 10^`digits`, or null when it has more decimals, other characters, or is too large.
 */
export function parseScaled(input: string, digits: number, max = Number.MAX_SAFE_INTEGER): number | null {
  const cleaned = input.trim().replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!m || (m[2] !== undefined && m[2].length > digits)) return null;
  const value = BigInt(m[1]!) * 10n ** BigInt(digits) + BigInt((m[2] ?? '').padEnd(digits, '0') || '0');
  return value > BigInt(max) ? null : Number(value);
}

/** A scaled integer back to the shortest decimal a form shows: 1500 with 3 digits → "1.5". */
export function scaledInput(value: number, digits: number): string {
  const scale = 10 ** digits;
  const fraction = String(Math.abs(value) % scale).padStart(digits, '0').replace(/0+$/, '');
  return `${value < 0 ? '-' : ''}${Math.trunc(Math.abs(value) / scale)}${fraction ? `.${fraction}` : ''}`;
}

/** Quantities keep three decimals (1C's default): 1.5 kg is 1500. */
export const QUANTITY_DIGITS = 3;
/** Percentages (discounts, VAT rates) keep two decimals as basis points: 12.5 % is 1250. */
export const PERCENT_DIGITS = 2;

export type Discount = { kind: 'percent'; bp: number } | { kind: 'amount'; minor: number } | null;

/** One product row as priced: unit price in the document's currency, quantity in thousandths, VAT in basis points (null: no VAT). */
export interface LineInput {
  priceMinor: number;
  quantity: number;
  discount: Discount;
  vatBp: number | null;
  vatIncluded: boolean;
}

/**
 * A row's money, each figure rounded once, on this row (per-line rounding, as in Russian invoices
 * and 1C): gross = price × quantity; discount = a percentage of gross, or an amount off the row
 * (never more than gross); sum = gross − discount. VAT included: the sum already holds it
 * (vat = sum × r / (100 + r)); added: it comes on top (vat = sum × r / 100). `net` is without VAT,
 * `total` with it.
 */
export interface LineTotals {
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  vatMinor: number;
  totalMinor: number;
}

const BP = 10_000n;

export function lineTotals(line: LineInput): LineTotals {
  const gross = divRound(BigInt(line.priceMinor) * BigInt(line.quantity), 10n ** BigInt(QUANTITY_DIGITS));
  let discount = 0n;
  if (line.discount?.kind === 'percent') discount = divRound(gross * BigInt(line.discount.bp), BP);
  else if (line.discount?.kind === 'amount') discount = BigInt(line.discount.minor);
  if (discount > gross) discount = gross;
  const sum = gross - discount;
  let net = sum;
  let vat = 0n;
  if (line.vatBp !== null && line.vatBp > 0) {
    const rate = BigInt(line.vatBp);
    if (line.vatIncluded) {
      vat = divRound(sum * rate, BP + rate);
      net = sum - vat;
    } else vat = divRound(sum * rate, BP);
  }
  return { grossMinor: Number(gross), discountMinor: Number(discount), netMinor: Number(net), vatMinor: Number(vat), totalMinor: Number(net + vat) };
}

/** A document's totals: the sums of its rows' rounded figures, so the lines always add up to the total. */
export function sumTotals(lines: LineTotals[]): LineTotals {
  const out: LineTotals = { grossMinor: 0, discountMinor: 0, netMinor: 0, vatMinor: 0, totalMinor: 0 };
  for (const l of lines) for (const k of Object.keys(out) as (keyof LineTotals)[]) out[k] += l[k];
  return out;
}

/** A currency rate as typed ("92,5034"): how many base-currency units one unit is worth, kept as a decimal string; null when not a positive number with at most 8 decimals. */
export function parseRate(input: string): string | null {
  const cleaned = input.trim().replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  const m = /^(\d{1,12})(?:\.(\d{1,8}))?$/.exec(cleaned);
  if (!m) return null;
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (/^0*$/.test(whole + fraction)) return null;
  return fraction ? `${whole}.${fraction}` : whole;
}

function rational(rate: string): { n: bigint; d: bigint } {
  const [whole, fraction = ''] = rate.split('.');
  return { n: BigInt(whole! + fraction), d: 10n ** BigInt(fraction.length) };
}

/**
 * An amount converted between currencies through the base currency, exactly, rounded once (half away
 * from zero) to the target's minor units. Each rate says how many base units one unit of its currency
 * is worth (the base currency's own rate is "1").
 */
export function convertMinor(minor: number, from: { currency: string; rate: string }, to: { currency: string; rate: string }): number {
  return convertShare(BigInt(minor), 1n, from, to);
}

/**
 * `minor / per` of `from` converted into `to`, exactly and rounded once: a sum of amounts weighted by
 * percentages (Σ amount × probability, per = 100) becomes money without rounding twice. `minor` is a
 * bigint because such sums outgrow the safe integers.
 */
export function convertShare(minor: bigint, per: bigint, from: { currency: string; rate: string }, to: { currency: string; rate: string }): number {
  if (from.currency === to.currency) return Number(divRound(minor, per));
  const a = rational(from.rate);
  const b = rational(to.rate);
  const n = minor * a.n * b.d * 10n ** BigInt(minorDigits(to.currency));
  const d = a.d * b.n * 10n ** BigInt(minorDigits(from.currency)) * per;
  return Number(divRound(n, d));
}

/**
 * The least (`edge` "from") or greatest ("to") amount in `from`'s minor units whose conversion into
 * `to` (convertMinor, rounding included) is at least, or at most, `bound`; null when no amount is.
 * So "converted amount ≥ bound" becomes "amount ≥ boundIn(…)": a plain comparison on the stored
 * column, exactly as convertMinor would have decided row by row. Found by bisection over the safe
 * integers, which convertMinor maps in order.
 */
export function boundIn(bound: number, edge: 'from' | 'to', from: { currency: string; rate: string }, to: { currency: string; rate: string }): number | null {
  if (from.currency === to.currency) return bound;
  const fits = (minor: number) => (edge === 'from' ? convertMinor(minor, from, to) >= bound : convertMinor(minor, from, to) <= bound);
  // "from": fits is false then true along the line; "to": true then false. Keep lo unfitting (from) / fitting (to).
  let lo = -Number.MAX_SAFE_INTEGER;
  let hi = Number.MAX_SAFE_INTEGER;
  if (edge === 'from' ? !fits(hi) : !fits(lo)) return null;
  if (edge === 'from' ? fits(lo) : fits(hi)) return edge === 'from' ? lo : hi;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (fits(mid) === (edge === 'from')) hi = mid;
    else lo = mid;
  }
  return edge === 'from' ? hi : lo;
}
