import { describe, expect, it } from 'vitest';
import { parseForm } from '../../platform/forms.js';
import { productForm, readVat, vatChoice } from './form.js';
import { searchWords } from './queries.js';

describe('catalog forms', () => {
  it.each([
    ['', '', null],
    ['2000', '', 2000],
    ['2200', '', 2200],
    ['custom', '12,5', 1250],
    ['custom', '0', 0],
    ['custom', '101', undefined],
    ['1500', '', undefined],
  ] as const)('VAT %s / %s → %s', (choice, custom, bp) => {
    expect(readVat(choice, custom)).toBe(bp);
  });

  it('a stored rate goes back to its choice', () => {
    expect([vatChoice(null), vatChoice(2000), vatChoice(1250)]).toEqual([{ vat: '', vatCustom: '' }, { vat: '2000', vatCustom: '' }, { vat: 'custom', vatCustom: '12.5' }]);
  });

  it('prices in the chosen currency, and reports every problem at once', () => {
    const ok = parseForm(productForm, { name: ' Сервер ', price: '1 000', currency: 'jpy', vat: '' });
    expect(ok.ok && ok.data).toMatchObject({ name: 'Сервер', priceMinor: 1000, currency: 'JPY', vatBp: null, sort: 100 });
    const bad = parseForm(productForm, { name: '', price: '1,2,3', currency: 'RUB', vat: 'custom', vatCustom: 'x' });
    expect(bad.ok ? [] : Object.keys(bad.errors).sort()).toEqual(['name', 'price', 'vatCustom']);
  });

  it('finds a product by the words of its name and its SKU, whole or without punctuation', () => {
    expect(searchWords('Ёлка «Зимняя» 2 м', 'EL-02/B')).toEqual(['елка', 'зимняя', '2', 'м', 'el', '02', 'b', 'el-02/b', 'el02b']);
  });
});
