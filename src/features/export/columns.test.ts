import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { field, type ListField } from '../../platform/records/list/fields.js';
import type { ListRow } from '../../platform/records/list/query.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { exportColumns, exportRow } from './columns.js';

const v = sql`1`;
const f = (kind: ListField['kind'], extra = false) => field(kind, kind, { text: kind }, v, extra ? { extra: v } : {});
const words = { timeZone: 'Europe/Moscow', yes: 'да', no: 'нет' };
const t = (key: MessageKey, params?: Record<string, string | number>) => `${key}(${params?.field ?? ''})`;

describe('export columns and values', () => {
  it('gives money two columns, the amount and its currency', () => {
    expect(exportColumns([f('text'), f('money', true), f('datetime')], (x) => String((x.label as { text: string }).text), t)).toEqual([
      { header: 'text', kind: 'text' },
      { header: 'money', kind: 'number' },
      { header: 'export.currency(money)', kind: 'text' },
      { header: 'datetime', kind: 'datetime' },
    ]);
  });

  it.each([
    ['money', { value: 123450, text: null, extra: 'RUB' }, [{ amount: 1234.5, digits: 2 }, 'RUB']],
    ['money', { value: 7, text: null, extra: 'JPY' }, [{ amount: 7, digits: 0 }, 'JPY']],
    ['money', { value: null, text: null, extra: null }, [null, null]],
    ['number', { value: 12.5, text: null, extra: null }, [12.5]],
    ['date', { value: '2026-03-10', text: null, extra: null }, [{ wall: '2026-03-10' }]],
    // 21:30 UTC is 00:30 the next day in Moscow.
    ['datetime', { value: Date.UTC(2026, 11, 2, 21, 30), text: null, extra: null }, [{ wall: '2026-12-03 00:30' }]],
    ['boolean', { value: 1, text: null, extra: null }, ['да']],
    ['boolean', { value: 0, text: null, extra: null }, ['нет']],
    ['user', { value: 4, text: 'Вера', extra: null }, ['Вера']],
    ['text', { value: '+7 900, +7 901', text: null, extra: null }, ['+7 900, +7 901']],
    ['text', { value: null, text: null, extra: null }, [null]],
  ] as const)('%s %j → %j', (kind, cell, want) => {
    const row: ListRow = { id: 1, cursor: { value: null, id: 1 }, cells: [{ ...cell }], mayEdit: false };
    expect(exportRow([f(kind, kind === 'money')], row, words)).toEqual(want);
  });
});
