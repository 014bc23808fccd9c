import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUSIONS, badExclusionLines, isExcluded, parseExclusions } from './exclusions.js';

describe('exclusions', () => {
  const rules = parseExclusions(`${DEFAULT_EXCLUSIONS}\nvector.ru\n@bank.ru\nRobot@Shop.ru  # the shop's robot\n\n`);
  it.each([
    ['noreply@anything.com', true],
    ['NoReply@Example.org', true],
    ['mailer-daemon@mx.yandex.ru', true],
    ['anna@vector.ru', true],
    ['anna@mail.vector.ru', true],
    ['anna@notvector.ru', false],
    ['ivan@bank.ru', true],
    ['robot@shop.ru', true],
    ['sales@shop.ru', false],
    ['client@example.com', false],
    ['not an address', false],
  ])('%s excluded: %s', (address, excluded) => {
    expect(isExcluded(rules, address)).toBe(excluded);
  });

  it('names the lines that are not rules', () => {
    expect(badExclusionLines('vector.ru\nfoo bar\n@\nx@y@z\nlocalhost\nok@')).toEqual(['foo bar', '@', 'x@y@z', 'localhost']);
  });
});
