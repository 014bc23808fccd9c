import { describe, expect, it } from 'vitest';
import { commProblem, commsField, normalize } from './communications.js';

describe('phone normalisation', () => {
  it.each([
    ['+7 (916) 123-45-67', '79161234567'],
    ['8 916 123 45 67', '79161234567'],
    ['8(916)1234567', '79161234567'],
    ['+7-916-123-45-67', '79161234567'],
    ['+380 44 123 4567', '380441234567'],
    ['+1 (555) 010-0199', '15550100199'],
    ['8 800 555 35 35', '78005553535'],
    ['+8 800 555 35 35', '88005553535'],
    ['123-45', '12345'],
  ])('%s → %s', (raw, expected) => {
    expect(normalize('phone', raw)).toBe(expected);
  });

  it('lower-cases e-mails and sites', () => {
    expect(normalize('email', ' Info@Vector.RU ')).toBe('info@vector.ru');
    expect(normalize('web', 'https://Vector.ru/')).toBe('vector.ru');
  });

  it.each([
    ['phone', '+7 916 123-45-67', null],
    ['phone', '8 495 000-00-00 доб. 123', null],
    ['phone', 'call me', 'validation.phone'],
    ['phone', '12', 'validation.phone'],
    ['email', 'a@b.ru', null],
    ['email', 'a@b', 'validation.email'],
    ['web', 'anything', null],
  ] as const)('%s %s → %s', (kind, value, problem) => {
    expect(commProblem(kind, value)).toBe(problem);
  });

  it('reads the form shape, dropping empty rows and unknown types', () => {
    const parsed = commsField.parse({
      phone: [{ type: 'mobile', value: '+7 916 1234567' }, { type: 'mobile', value: '' }],
      email: { 0: { type: 'nonsense', value: 'a@b.ru' } },
    });
    expect(parsed).toEqual([
      { kind: 'phone', type: 'mobile', value: '+7 916 1234567' },
      { kind: 'email', type: 'other', value: 'a@b.ru' },
    ]);
  });
});
