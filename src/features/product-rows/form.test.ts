import { describe, expect, it } from 'vitest';
import { blankRow, draftOf, parseEditor, readDrafts } from './form.js';

describe('the rows editor form', () => {
  it.each([
    [{ op: 'save' }, { kind: 'save' }],
    [{ op: 'blank' }, { kind: 'blank' }],
    [{ add: '12' }, { kind: 'add', productId: 12 }],
    [{ remove: '0' }, { kind: 'remove', index: 0 }],
    [{ add: 'x' }, { kind: 'refresh' }],
    [{}, { kind: 'refresh' }],
  ] as const)('%j asks for %j', (body, op) => {
    expect(parseEditor(body).op).toEqual(op);
  });

  it('reads rows posted as an array or, beyond 20, as an object keyed by index', () => {
    const row = { name: 'A', quantity: '1', price: '1' };
    expect(parseEditor({ rows: [row, row] }).rows).toHaveLength(2);
    expect(parseEditor({ rows: { 0: row, 25: row } }).rows).toHaveLength(2);
    expect(parseEditor({ rows: 'junk' }).rows).toEqual([]);
  });

  it('turns typed rows into exact values, per field errors otherwise', () => {
    const ok = { ...blankRow(), name: 'Монитор', quantity: '1,5', price: '1 234,50', discount: '12,5', discountKind: 'percent', vat: '2000' };
    const { rows, errors } = readDrafts([ok, { ...ok, discount: '300', discountKind: 'amount', vat: 'custom', vatCustom: '7' }], 'RUB');
    expect(errors).toEqual({});
    expect(rows[0]).toMatchObject({ quantity: 1500, priceMinor: 123450, discount: { kind: 'percent', bp: 1250 }, vatBp: 2000, vatIncluded: true });
    expect(rows[1]).toMatchObject({ discount: { kind: 'amount', minor: 30000 }, vatBp: 700 });
    const bad = readDrafts([{ ...ok, name: '', quantity: '1.2345', price: '-1', discount: '101', vat: 'custom', vatCustom: 'x' }], 'RUB');
    expect(Object.keys(bad.errors).sort()).toEqual(['rows.0.discount', 'rows.0.name', 'rows.0.price', 'rows.0.quantity', 'rows.0.vatCustom']);
  });

  it('shows a stored row as it would be typed, and reads it back the same', () => {
    const row = { productId: 3, name: 'Кабель', sku: 'K-1', unitCode: '006', unitName: null, quantity: 2500, priceMinor: 9990, discount: { kind: 'amount' as const, minor: 500 }, vatBp: 1250, vatIncluded: false };
    const draft = draftOf(row, 'RUB');
    expect(draft).toMatchObject({ quantity: '2.5', price: '99.90', discount: '5.00', discountKind: 'amount', vat: 'custom', vatCustom: '12.5', vatIncluded: false });
    expect(readDrafts([draft], 'RUB').rows[0]).toEqual(row);
  });
});
