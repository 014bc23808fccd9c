import type { AppContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { getCompany } from '../../platform/company.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { convertMinor } from '../../platform/money.js';
import * as q from './queries.js';

/**
 * Currencies and their rates (Settings → Currencies). The base currency is the company's, chosen in
 * the setup wizard, and is worth "1"; every other currency has a manual rate, whose every change is
 * kept (the newest is the current one).
 */
export function baseCurrency(db: Db): string {
  return getCompany(db)?.baseCurrency ?? 'RUB';
}

/** The current rate of a currency in base units ("1" for the base currency), or null when it has none. */
export function currentRate(db: Db, code: string): string | null {
  if (code === baseCurrency(db)) return '1';
  return q.currenciesWithRates(db).find((c) => c.code === code)?.rate ?? null;
}

/** The current rates of the currencies that have one (not the base currency), by code. */
export function currentRates(db: Db): Map<string, string> {
  return new Map(q.currenciesWithRates(db).flatMap((c) => (c.rate === null ? [] : [[c.code, c.rate] as const])));
}

/**
 * An amount in another currency at the current rates, rounded half away from zero; null when either
 * currency has no rate (the caller says which to set).
 */
export function convertAtCurrentRate(db: Db, minor: number, from: string, to: string): number | null {
  if (from === to) return minor;
  const a = currentRate(db, from);
  const b = currentRate(db, to);
  if (a === null || b === null) return null;
  return convertMinor(minor, { currency: from, rate: a }, { currency: to, rate: b });
}

/**
 * Sums in several currencies as one sum in `target` at the current rates (each sum converted and
 * rounded once); the count of items in currencies without a rate, which stay out of the sum.
 */
export function sumAtCurrentRates(db: Db, parts: { currency: string; sum: number; count: number }[], target: string): { sum: number; unconverted: number } {
  let sum = 0;
  let unconverted = 0;
  for (const p of parts) {
    const converted = convertAtCurrentRate(db, p.sum, p.currency, target);
    if (converted === null) unconverted += p.count;
    else sum += converted;
  }
  return { sum, unconverted };
}

/** The currencies a price or a deal is usually in: the base one first, then those with rates. */
export function knownCurrencies(db: Db): string[] {
  return [baseCurrency(db), ...q.currencyCodes(db).filter((c) => c !== baseCurrency(db))];
}

export function addCurrency(ctx: AppContext, user: CurrentUser, code: string, rate: string): void {
  if (code === baseCurrency(ctx.db) || q.findCurrency(ctx.db, code)) throw new ValidationError({ code: { key: 'catalog.currency.error.exists' } });
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    q.insertCurrency(ctx.db, code, now);
    q.insertRate(ctx.db, { currency: code, rate, setAt: now, setBy: user.id });
  })();
}

export function currencyFor(db: Db, code: string): q.CurrencyRow {
  const found = q.findCurrency(db, code);
  if (!found) throw new NotFoundError();
  return found;
}

/** A new rate from now on; the old one stays in the history. Setting the same rate again records nothing. */
export function setRate(ctx: AppContext, user: CurrentUser, code: string, rate: string): boolean {
  currencyFor(ctx.db, code);
  if (currentRate(ctx.db, code) === rate) return false;
  q.insertRate(ctx.db, { currency: code, rate, setAt: ctx.clock.now(), setBy: user.id });
  return true;
}

/** A currency no product is priced in may go, with its rate history. Deals and documents keep their amounts in it. */
export function removeCurrency(ctx: AppContext, code: string): void {
  currencyFor(ctx.db, code);
  const n = q.productsPricedIn(ctx.db, code);
  if (n > 0) throw new ConflictError('catalog.currency.error.inUse', { n });
  ctx.sqlite.transaction(() => q.deleteCurrency(ctx.db, code))();
}

export const currencyRates = (db: Db) => q.currenciesWithRates(db);
export const rateHistory = (db: Db, code: string) => q.rateHistory(db, code);
