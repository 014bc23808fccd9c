/**
 * CommerceML numbers as the CRM's exact integers. A decimal from a file ("231.7400", "1,5") becomes
 * an integer scaled by 10^digits, rounded half away from zero when it has more decimals (Bitrix
 * writes four); never through a float. Currencies come as "руб", "RUB", "RUR" or an ISO code.
 */
export function scaledFrom(decimal: string, digits: number): number | null {
  const m = /^(-?)(\d+)(?:[.,](\d*))?$/.exec(decimal.trim());
  if (!m) return null;
  const fraction = m[3] ?? '';
  const kept = BigInt(m[2]!) * 10n ** BigInt(digits) + BigInt(fraction.slice(0, digits).padEnd(digits, '0') || '0');
  const roundUp = fraction.length > digits && Number(fraction[digits]) >= 5;
  const value = kept + (roundUp ? 1n : 0n);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(m[1] ? -value : value);
}

/** An integer scaled by 10^digits as the plain decimal CommerceML writes: 123450, 2 → "1234.50". */
export function decimalOf(value: number, digits: number): string {
  const scale = 10 ** digits;
  const abs = Math.abs(value);
  return `${value < 0 ? '-' : ''}${Math.trunc(abs / scale)}${digits ? `.${String(abs % scale).padStart(digits, '0')}` : ''}`;
}

const roubles = new Set(['руб', 'руб.', 'rub', 'rur', '643', 'р', 'р.']);

/** An ISO 4217 code for what a file names, or null when it names none we know. */
export function currencyCode(raw: string | undefined): string | null {
  if (!raw) return null;
  const v = raw.trim().toLowerCase();
  if (roubles.has(v)) return 'RUB';
  const code = v.toUpperCase();
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code) ? code : null;
}

/** A VAT rate from a file ("18", "20%", "Без НДС") in basis points; null for none. */
export function vatBasisPoints(rate: string | undefined): number | null {
  if (!rate) return null;
  const m = /^(\d+(?:[.,]\d+)?)\s*%?$/.exec(rate.trim());
  return m ? scaledFrom(m[1]!, 2) : null;
}
