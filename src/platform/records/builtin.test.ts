import { describe, expect, it } from 'vitest';
import { recordedName, recordedText, shownName } from './builtin.js';

describe('built-in names', () => {
  it.each([
    ['seeded in English, read in Russian', { name: 'Deal won', code: 'won' }, 'ru', 'Сделка успешна'],
    ['seeded in Russian, read in English', { name: 'Сделка успешна', code: 'won' }, 'en', 'Deal won'],
    ['renamed by an administrator', { name: 'Paid', code: 'won' }, 'ru', 'Paid'],
    ['added by an administrator', { name: 'Hot ones', code: null }, 'ru', 'Hot ones'],
  ] as const)('%s', (_case, row, locale, shown) => {
    expect(shownName(locale, 'stage', row)).toBe(shown);
  });

  it('history keeps a built-in value by its key and a renamed one as typed', () => {
    const stored = recordedName('source', { name: 'Web form', code: 'webform' });
    expect(recordedText('ru', stored)).toBe('Веб-форма');
    expect(recordedText('en', stored)).toBe('Web form');
    expect(recordedName('source', { name: 'Our site', code: 'webform' })).toBe('Our site');
    expect(recordedName('source', null)).toBeNull();
    expect(recordedText('ru', 'plain text')).toBe('plain text');
  });
});
