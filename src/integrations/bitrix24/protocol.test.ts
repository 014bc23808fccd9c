import { describe, expect, it } from 'vitest';
import { filterKey, isoWithOffset, nestParams, readMulti } from './protocol.js';

describe('Bitrix24 protocol shapes', () => {
  it('reads PHP-style nested parameters as PHP does', () => {
    const query = new URLSearchParams('fields[TITLE]=Lead&fields[PHONE][0][VALUE]=555888&fields[PHONE][0][VALUE_TYPE]=WORK&fields[EMAIL][n0][VALUE]=a@b.c&select[]=ID&select[]=TITLE&id=5');
    expect(nestParams(query)).toEqual({
      fields: { TITLE: 'Lead', PHONE: [{ VALUE: '555888', VALUE_TYPE: 'WORK' }], EMAIL: { n0: { VALUE: 'a@b.c' } } },
      select: ['ID', 'TITLE'],
      id: '5',
    });
  });

  it('never makes prototype keys and stops nesting at the depth limit', () => {
    const parsed = nestParams(new URLSearchParams('a[__proto__][x]=1&b[1][2][3][4][5][6][7]=deep'), 3);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(parsed).toEqual({ b: { 1: { 2: { '3][4][5][6][7': 'deep' } } } });
  });

  it('reads multi-value fields in every shape clients send', () => {
    expect(readMulti([{ VALUE: '+7 916 1', VALUE_TYPE: 'mobile' }])).toEqual([{ id: null, value: '+7 916 1', valueType: 'MOBILE', remove: false }]);
    expect(readMulti({ n0: { VALUE: 'a@b.c', VALUE_TYPE: 'WORK' } })).toEqual([{ id: null, value: 'a@b.c', valueType: 'WORK', remove: false }]);
    expect(readMulti({ VALUE: 'x@y.z', VALUE_TYPE: 'HOME' })).toEqual([{ id: null, value: 'x@y.z', valueType: 'HOME', remove: false }]);
    expect(readMulti('123456')).toEqual([{ id: null, value: '123456', valueType: 'WORK', remove: false }]);
    expect(readMulti([{ ID: '17', VALUE: '', DELETE: 'Y' }])).toEqual([{ id: 17, value: '', valueType: 'WORK', remove: true }]);
  });

  it('writes dates on the company clock with the offset, and reads filter keys', () => {
    expect(isoWithOffset(Date.UTC(2024, 0, 20, 15, 35, 32), 'Europe/Moscow')).toBe('2024-01-20T18:35:32+03:00');
    expect(isoWithOffset(Date.UTC(2024, 0, 20, 15, 35, 32), 'UTC')).toBe('2024-01-20T15:35:32+00:00');
    expect(filterKey('>=DATE_CREATE')).toEqual({ op: '>=', field: 'DATE_CREATE' });
    expect(filterKey('!STATUS_ID')).toEqual({ op: '!=', field: 'STATUS_ID' });
    expect(filterKey('%TITLE')).toEqual({ op: '%', field: 'TITLE' });
    expect(filterKey('ID')).toEqual({ op: '=', field: 'ID' });
    expect(filterKey('bad key')).toBeNull();
  });
});
