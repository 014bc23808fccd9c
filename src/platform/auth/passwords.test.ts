import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

describe('password rules', () => {
  it.each([
    ['short', 'tooShort'],
    ['12345678', 'tooCommon'],
    ['Password1', 'tooCommon'],
    ['aaaaaaaaaaaa', 'tooCommon'],
    ['anna@example.com', 'tooCommon'],
    ['Tr0ub4dor&3x', null],
    ['correct horse battery', null],
  ])('%s → %s', (password, problem) => {
    expect(passwordProblem(password, 'anna@example.com')).toBe(problem);
  });

  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'wrong')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
