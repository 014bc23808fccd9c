import { en } from './en.js';
import { ru } from './ru.js';

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;

export const locales = ['ru', 'en'] as const;
export type Locale = (typeof locales)[number];

const catalogs: Record<Locale, Catalog> = { en, ru };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function catalog(locale: Locale): Catalog {
  return catalogs[locale];
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** `t('user.greeting', { name })` — replaces `{name}` placeholders; unknown placeholders stay as written. */
export function translator(locale: Locale): Translate {
  const messages = catalogs[locale];
  return (key, params) => {
    const text = messages[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}

/** The best of our locales for an Accept-Language header, Russian when nothing matches. */
export function negotiateLocale(header: string | undefined): Locale {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase().slice(0, 2);
    if (isLocale(tag)) return tag;
  }
  return 'ru';
}
