import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { ru } from './ru.js';
import { negotiateLocale, translator } from './index.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('no key is given by two feature files (the one spread later would silently win)', async () => {
    const dir = path.join(import.meta.dirname, 'features');
    for (const lang of ['en', 'ru']) {
      const owner = new Map<string, string>();
      const clashes: string[] = [];
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(`.${lang}.ts`))) {
        const module = (await import(path.join(dir, file))) as Record<string, Record<string, string>>;
        for (const catalog of Object.values(module)) {
          for (const key of Object.keys(catalog)) {
            if (owner.has(key)) clashes.push(`${key}: ${owner.get(key)} and ${file}`);
            owner.set(key, file);
          }
        }
      }
      expect(clashes, lang).toEqual([]);
    }
  });

  it('ru has every en key and en has every ru key', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it('no message is empty and both languages use the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(ru[key].trim(), key).not.toBe('');
      expect(placeholders(ru[key]), key).toEqual(placeholders(en[key]));
    }
  });
});

describe('translator', () => {
  it('fills placeholders and leaves unknown ones as written', () => {
    const t = translator('en');
    expect(t('home.greeting', { name: 'Anna' })).toBe('Hello, Anna');
    expect(t('home.greeting')).toBe('Hello, {name}');
  });

  it.each([
    ['ru-RU,ru;q=0.9,en;q=0.8', 'ru'],
    ['en-US,en;q=0.9', 'en'],
    ['de-DE, en;q=0.5', 'en'],
    ['fr', 'ru'],
    [undefined, 'ru'],
  ])('negotiates %s → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});
