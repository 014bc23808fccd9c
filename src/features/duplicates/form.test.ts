import { describe, expect, it } from 'vitest';
import { confirmForm, draftFromBody, mergeForm } from './form.js';

describe('duplicates forms', () => {
  it('reads a half-filled create form as a draft, by kind', () => {
    const body = {
      title: ' ООО Вектор ',
      lastName: 'Петров',
      firstName: '',
      middleName: 'Сергеевич',
      companyTitle: 'Вектор',
      comms: { phone: { 0: { type: 'mobile', value: ' 8 916 ' }, 1: { value: '' } }, email: [{ value: 'a@b' }], web: [{ value: 'x.ru' }] },
    };
    const comms = [{ kind: 'phone', value: '8 916' }, { kind: 'email', value: 'a@b' }];
    expect(draftFromBody('contact', body)).toEqual({ name: 'Петров Сергеевич', companyTitle: null, comms });
    expect(draftFromBody('lead', body)).toEqual({ name: 'Петров Сергеевич', companyTitle: 'Вектор', comms });
    expect(draftFromBody('company', body)).toEqual({ name: 'ООО Вектор', companyTitle: null, comms });
  });

  it('takes anything it cannot read as empty', () => {
    expect(draftFromBody('contact', { lastName: ['a', 'b'], comms: 'x' })).toEqual({ name: null, companyTitle: null, comms: [] });
    expect(draftFromBody('company', null)).toEqual({ name: null, companyTitle: null, comms: [] });
  });

  it('reads the answer to the panel and the merge choices', () => {
    expect(confirmForm.parse({})).toEqual({ saveAnyway: false, mergeWith: undefined });
    expect(confirmForm.parse({ saveAnyway: '1' })).toEqual({ saveAnyway: true, mergeWith: undefined });
    expect(confirmForm.parse({ mergeWith: '12' })).toEqual({ saveAnyway: false, mergeWith: 12 });
    expect(confirmForm.parse({ mergeWith: 'x' })).toEqual({ saveAnyway: false, mergeWith: undefined });
    expect(mergeForm.parse({ pick: { title: 'other', comments: 'kept', status: 'junk' } })).toEqual({ pick: { title: 'other', comments: 'kept', status: 'kept' } });
    expect(mergeForm.parse({})).toEqual({ pick: {} });
  });
});
