import { describe, expect, it } from 'vitest';
import { formatter } from '../../format.js';
import type { CustomDef, CustomType } from './definitions.js';
import { displayValue, formValue, parseCustomValues, parseValue, type ParseEnv } from './values.js';

const def = (type: CustomType, over: Partial<CustomDef> = {}): CustomDef => ({
  id: 1, entity: 'deal', code: 'x', label: 'X', type, required: false, sort: 10, active: true, target: null,
  options: type === 'list' || type === 'multi' ? [{ id: 1, label: 'Red' }, { id: 2, label: 'Green' }, { id: 3, label: 'Blue' }] : [],
  ...over,
});
const env: ParseEnv = { timeZone: 'Europe/Moscow', currency: 'RUB', linkOk: (_t, id) => id === 5 };

describe('parseValue', () => {
  it.each([
    ['string', '  Hello ', 'Hello'],
    ['string', '   ', undefined],
    ['text', 'two\nlines', 'two\nlines'],
    ['number', '42', 42],
    ['number', '-3,25', -3.25],
    ['number', '1 000', 1000],
    ['number', '', undefined],
    ['money', { amount: '1 234,50', currency: 'usd' }, { amount: 123450, currency: 'USD' }],
    ['money', { amount: '10' }, { amount: 1000, currency: 'RUB' }],
    ['money', { amount: '7', currency: 'JPY' }, { amount: 7, currency: 'JPY' }],
    ['money', { amount: '', currency: 'RUB' }, undefined],
    ['date', '2026-02-28', '2026-02-28'],
    ['datetime', '2026-03-01T09:30', Date.UTC(2026, 2, 1, 6, 30)],
    ['boolean', '1', true],
    ['boolean', undefined, undefined],
    ['list', '2', 2],
    ['multi', ['3', '1'], [1, 3]],
    ['multi', '2', [2]],
    ['multi', undefined, undefined],
    ['link', '5', 5],
  ] as const)('%s %j → %j', (type, raw, value) => {
    expect(parseValue(def(type, type === 'link' ? { target: 'company' } : {}), raw, undefined, env)).toEqual({ ok: true, value });
  });

  it.each([
    ['string', 'x'.repeat(501), 'validation.tooLong'],
    ['number', 'twelve', 'custom.error.number'],
    ['number', '1e5', 'custom.error.number'],
    ['money', { amount: '12,34,5', currency: 'RUB' }, 'validation.money'],
    ['money', { amount: '1.2345', currency: 'USD' }, 'validation.money'],
    ['money', { amount: '10', currency: 'XYZ' }, 'validation.currency'],
    ['date', '2026-02-30', 'validation.date'],
    ['date', '31.02.2026', 'validation.date'],
    ['datetime', '2026-03-01', 'custom.error.datetime'],
    ['list', '9', 'validation.invalid'],
    ['multi', ['1', '9'], 'validation.invalid'],
    ['link', '6', 'validation.invalid'],
    ['link', 'abc', 'validation.invalid'],
  ] as const)('%s %j is refused: %s', (type, raw, key) => {
    const result = parseValue(def(type, type === 'link' ? { target: 'contact' } : {}), raw, undefined, env);
    expect(result).toMatchObject({ ok: false, key });
  });

  it('keeps a link that was already stored without asking again', () => {
    expect(parseValue(def('link', { target: 'company' }), '6', 6, env)).toEqual({ ok: true, value: 6 });
  });
});

describe('parseCustomValues', () => {
  it('lays the posted values over the stored ones, keeping fields not given and dropping emptied ones', () => {
    const defs = [def('string', { code: 'a' }), def('number', { code: 'b' })];
    const out = parseCustomValues(defs, { a: 'new', b: '' }, { a: 'old', b: 3, gone: 'kept' }, env);
    expect(out).toEqual({ values: { a: 'new', gone: 'kept' }, errors: {} });
  });

  it('reports every problem by input name; a required field left empty says so', () => {
    const defs = [def('string', { code: 'a', required: true }), def('number', { code: 'b' })];
    expect(parseCustomValues(defs, { b: 'x' }, {}, env).errors).toEqual({ cf_a: { key: 'validation.required' }, cf_b: { key: 'custom.error.number' } });
  });
});

describe('formValue and displayValue', () => {
  const fmt = formatter('en', 'Europe/Moscow');
  const name = () => 'Vector LLC';
  it.each([
    ['money', { amount: 123450, currency: 'USD' }, { amount: '1234.50', currency: 'USD' }, 'US$1,234.50'],
    ['datetime', Date.UTC(2026, 2, 1, 6, 30), '2026-03-01T09:30', '1 Mar 2026, 09:30'],
    ['date', '2026-03-10', '2026-03-10', '10 Mar 2026'],
    ['number', 3.5, '3.5', '3.5'],
    ['boolean', true, '1', '✓'],
    ['list', 2, '2', 'Green'],
    ['multi', [1, 3], ['1', '3'], 'Red, Blue'],
    ['link', 7, '7', 'Vector LLC'],
  ] as const)('%s %j', (type, stored, posted, shown) => {
    const d = def(type, type === 'link' ? { target: 'company' } : {});
    expect(formValue(d, stored, 'Europe/Moscow')).toEqual(posted);
    expect(displayValue(d, stored, fmt, name)).toBe(shown);
    expect(parseValue(d, posted, type === 'link' ? stored : undefined, env)).toEqual({ ok: true, value: stored });
  });

  it('an empty value shows as nothing', () => {
    expect(displayValue(def('string'), undefined, fmt, name)).toBeNull();
    expect(formValue(def('string'), undefined, 'UTC')).toBeUndefined();
  });
});
