import { describe, expect, it } from 'vitest';
import { renderPlaceholders, unknownPlaceholders } from './placeholders.js';

describe('placeholders', () => {
  const values = { 'contact.name': 'Петров Иван', 'deal.title': 'Поставка', 'user.signature': '—\nАнна', 'invoice.number': 'СЧ-2026-7', 'invoice.total': '12 345,67 ₽' };
  it.each([
    ['Здравствуйте, {{contact.name}}!', 'Здравствуйте, Петров Иван!'],
    ['{{ deal.title }} / {{deal.title}}', 'Поставка / Поставка'],
    ['{{company.title}}', ''],
    ['{{contact.nmae}} stays', '{{contact.nmae}} stays'],
    ['{{user.signature}}', '—\nАнна'],
    ['Счёт № {{invoice.number}} на {{ invoice.total }}{{quote.number}}', 'Счёт № СЧ-2026-7 на 12 345,67 ₽'],
    ['{single} {{ }} {{x}}', '{single} {{ }} {{x}}'],
  ])('%s', (text, out) => {
    expect(renderPlaceholders(text, values)).toBe(out);
  });

  it('lists unknown ones once', () => {
    expect(unknownPlaceholders('{{contact.nmae}} {{deal.title}} {{contact.nmae}} {{invoice.number}} {{invoice.sum}}')).toEqual(['{{contact.nmae}}', '{{invoice.sum}}']);
  });
});
