import { describe, expect, it } from 'vitest';
import { boundIn, convertMinor, convertShare, divRound, lineTotals, moneyInput, parseMoney, parseRate, parseScaled, scaledInput, sumTotals, type LineInput } from './money.js';
import { amountInWords, pluralRu } from './money-words.js';

describe('parseMoney', () => {
  it.each([
    ['1234', 'RUB', 123400],
    ['1 234 567,89', 'RUB', 123456789],
    ['1,234.50', 'USD', 123450],
    ['1.234,50', 'EUR', 123450],
    ['0,1', 'RUB', 10],
    ['12,345', 'USD', 1234500],
    ['12.345', 'KWD', 12345],
    ['100000', 'JPY', 100000],
    ['-15,5', 'RUB', -1550],
    ['90071992547409.91', 'USD', 9007199254740991],
  ] as const)('%s %s → %d', (input, currency, expected) => {
    expect(parseMoney(input, currency)).toBe(expected);
  });

  it.each([['abc'], ['1,2,3,4.5.6'], ['12.345.67'], ['1.2345'], ['1,'], ['90071992547409.92']])('refuses %s', (input) => {
    expect(parseMoney(input, 'RUB')).toBeNull();
  });

  it('is empty for an empty field', () => {
    expect(parseMoney('  ', 'RUB')).toBeNull();
  });

  it('round-trips through the form value exactly', () => {
    for (const [minor, currency] of [[123456789, 'RUB'], [5, 'USD'], [-1550, 'EUR'], [100000, 'JPY'], [12345, 'KWD']] as const) {
      expect(parseMoney(moneyInput(minor, currency), currency)).toBe(minor);
    }
  });
});

describe('divRound: half away from zero', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [4n, 3n, 1n],
    [5n, 3n, 2n],
    [-4n, 3n, -1n],
    [1n, 2n, 1n],
    [-1n, 2n, -1n],
    [1n, 3n, 0n],
    [10n, 5n, 2n],
  ] as const)('%d / %d → %d', (n, d, expected) => {
    expect(divRound(n, d)).toBe(expected);
  });
});

describe('parseScaled (quantities, percentages)', () => {
  it.each([
    ['1', 3, 1000],
    ['1,5', 3, 1500],
    ['0.125', 3, 125],
    [' 2 000 ', 3, 2000000],
    ['12,5', 2, 1250],
    ['20', 2, 2000],
  ] as const)('%s with %d digits → %d', (input, digits, expected) => {
    expect(parseScaled(input, digits)).toBe(expected);
  });
  it.each([['1.2345'], ['-1'], ['abc'], ['1,2,3'], ['']])('refuses %s', (input) => {
    expect(parseScaled(input, 3)).toBeNull();
  });
  it('shows the shortest decimal', () => {
    expect([scaledInput(1500, 3), scaledInput(1000, 3), scaledInput(125, 3), scaledInput(1250, 2)]).toEqual(['1.5', '1', '0.125', '12.5']);
  });
});

describe('lineTotals: per-line rounding, discounts and VAT', () => {
  const line = (over: Partial<LineInput>): LineInput => ({ priceMinor: 10000, quantity: 1000, discount: null, vatBp: null, vatIncluded: true, ...over });
  it.each([
    ['no VAT', line({}), { grossMinor: 10000, discountMinor: 0, netMinor: 10000, vatMinor: 0, totalMinor: 10000 }],
    ['VAT 20 % included', line({ priceMinor: 12000, vatBp: 2000 }), { grossMinor: 12000, discountMinor: 0, netMinor: 10000, vatMinor: 2000, totalMinor: 12000 }],
    ['VAT 20 % added', line({ vatBp: 2000, vatIncluded: false }), { grossMinor: 10000, discountMinor: 0, netMinor: 10000, vatMinor: 2000, totalMinor: 12000 }],
    ['VAT 0 %', line({ vatBp: 0 }), { grossMinor: 10000, discountMinor: 0, netMinor: 10000, vatMinor: 0, totalMinor: 10000 }],
    // 100.00 × 20 / 120 = 16.666… → 16.67
    ['included VAT rounds half away', line({ vatBp: 2000 }), { grossMinor: 10000, discountMinor: 0, netMinor: 8333, vatMinor: 1667, totalMinor: 10000 }],
    // 0.333 kg × 10.00 = 3.33; × 1.5 = 15.00
    ['fractional quantity', line({ priceMinor: 1000, quantity: 333 }), { grossMinor: 333, discountMinor: 0, netMinor: 333, vatMinor: 0, totalMinor: 333 }],
    ['price × 1.5', line({ priceMinor: 999, quantity: 1500 }), { grossMinor: 1499, discountMinor: 0, netMinor: 1499, vatMinor: 0, totalMinor: 1499 }],
    ['10 % discount', line({ quantity: 3000, discount: { kind: 'percent', bp: 1000 } }), { grossMinor: 30000, discountMinor: 3000, netMinor: 27000, vatMinor: 0, totalMinor: 27000 }],
    // 3 × 33.33 = 99.99, 12.5 % of it = 12.49875 → 12.50
    ['12.5 % discount rounds', line({ priceMinor: 3333, quantity: 3000, discount: { kind: 'percent', bp: 1250 } }), { grossMinor: 9999, discountMinor: 1250, netMinor: 8749, vatMinor: 0, totalMinor: 8749 }],
    ['amount discount then VAT added', line({ quantity: 2000, discount: { kind: 'amount', minor: 5000 }, vatBp: 2000, vatIncluded: false }), { grossMinor: 20000, discountMinor: 5000, netMinor: 15000, vatMinor: 3000, totalMinor: 18000 }],
    ['discount never above the row', line({ discount: { kind: 'amount', minor: 99999 } }), { grossMinor: 10000, discountMinor: 10000, netMinor: 0, vatMinor: 0, totalMinor: 0 }],
    ['zero quantity', line({ quantity: 0, vatBp: 2000 }), { grossMinor: 0, discountMinor: 0, netMinor: 0, vatMinor: 0, totalMinor: 0 }],
    ['custom 7 % VAT added', line({ priceMinor: 1234, vatBp: 700, vatIncluded: false }), { grossMinor: 1234, discountMinor: 0, netMinor: 1234, vatMinor: 86, totalMinor: 1320 }],
  ] as const)('%s', (_name, input, expected) => {
    expect(lineTotals(input)).toEqual(expected);
  });

  it('a document adds its rounded lines, so the lines always sum to the total', () => {
    const rows = [line({ vatBp: 2000 }), line({ vatBp: 2000 }), line({ vatBp: 2000 })].map(lineTotals);
    expect(sumTotals(rows)).toEqual({ grossMinor: 30000, discountMinor: 0, netMinor: 24999, vatMinor: 5001, totalMinor: 30000 });
  });
});

describe('currency rates and conversion', () => {
  it.each([
    ['92,5034', '92.5034'],
    ['1', '1'],
    ['0.0057', '0.0057'],
    ['010.500', '10.5'],
  ] as const)('rate %s → %s', (input, expected) => {
    expect(parseRate(input)).toBe(expected);
  });
  it.each([['0'], ['-1'], ['abc'], ['1.123456789'], ['']])('refuses rate %s', (input) => {
    expect(parseRate(input)).toBeNull();
  });

  const RUB = { currency: 'RUB', rate: '1' };
  const USD = { currency: 'USD', rate: '92.5' };
  const EUR = { currency: 'EUR', rate: '100' };
  const JPY = { currency: 'JPY', rate: '0.61' };
  it.each([
    ['USD → RUB', 1000, USD, RUB, 92500],
    ['RUB → USD', 92500, RUB, USD, 1000],
    // 100.00 RUB / 92.5 = 1.081… USD → 1.08
    ['RUB → USD rounds', 10000, RUB, USD, 108],
    // 1.00 EUR = 100 RUB = 1.0810… USD
    ['EUR → USD through the base', 100, EUR, USD, 108],
    ['JPY (no minor units) → RUB', 1000, JPY, RUB, 61000],
    ['RUB → JPY rounds to yen', 100, RUB, JPY, 2],
    ['same currency', 12345, USD, USD, 12345],
    ['half away from zero', 5, { currency: 'RUB', rate: '1' }, { currency: 'EUR', rate: '10' }, 1],
  ] as const)('%s', (_name, minor, from, to, expected) => {
    expect(convertMinor(minor, from, to)).toBe(expected);
  });

  // Σ amount × probability (percent) into money, rounded once: EUR 333.33 at 30 % = 99.999 EUR.
  it.each([
    ['weighted, converted, rounded once', 999990n, 100n, { currency: 'EUR', rate: '100.2575' }, RUB, 1002565],
    ['weighted, same currency', 999990n, 100n, RUB, RUB, 10000],
    ['half a kopeck rounds away from zero', 50n, 100n, RUB, RUB, 1],
    ['a weighted sum past the safe integers', 9_007_199_254_740_993n, 100n, RUB, RUB, 90_071_992_547_410],
  ] as const)('convertShare: %s', (_name, minor, per, from, to, expected) => {
    expect(convertShare(minor, per, from, to)).toBe(expected);
  });
});

describe('boundIn: a bound in one currency as a bound on amounts in another', () => {
  const RUB = { currency: 'RUB', rate: '1' };
  const USD = { currency: 'USD', rate: '92.5' };
  const ODD = { currency: 'USD', rate: '92.5034' };
  const JPY = { currency: 'JPY', rate: '0.61' };
  const CHEAP = { currency: 'UZS', rate: '0.001' };
  it.each([
    ['925.00 RUB from, in USD', 92500, 'from', USD, 1000],
    ['925.00 RUB to, in USD', 92500, 'to', USD, 1000],
    ['925.01 RUB from: the next cent', 92501, 'from', USD, 1001],
    ['925.01 RUB to', 92501, 'to', USD, 1000],
    // 10.00 USD = 925.034 RUB, shown (and compared) as 925.03
    ['925.03 RUB to, at a rate with decimals', 92503, 'to', ODD, 1000],
    ['925.03 RUB from', 92503, 'from', ODD, 1000],
    ['925.04 RUB from', 92504, 'from', ODD, 1001],
    ['1.00 RUB from, in yen (61 kopecks each)', 100, 'from', JPY, 2],
    ['1.00 RUB to, in yen', 100, 'to', JPY, 1],
    // a thousand tiyin make a kopeck: 0.005 RUB rounds up to 0.01
    ['0.01 RUB from, in a cheap currency', 1, 'from', CHEAP, 500],
    ['0.01 RUB to, in a cheap currency', 1, 'to', CHEAP, 1499],
    ['the same currency', 12345, 'from', RUB, 12345],
  ] as const)('%s', (_name, bound, edge, from, expected) => {
    const found = boundIn(bound, edge, from, RUB);
    expect(found).toBe(expected);
    // The bound is tight: the amount fits and the next one outside does not.
    const fits = (minor: number) => (edge === 'from' ? convertMinor(minor, from, RUB) >= bound : convertMinor(minor, from, RUB) <= bound);
    expect(fits(found!)).toBe(true);
    if (from !== RUB) expect(fits(edge === 'from' ? found! - 1 : found! + 1)).toBe(false);
  });

  it('is null when no amount can reach the bound', () => {
    expect(boundIn(Number.MAX_SAFE_INTEGER, 'from', CHEAP, RUB)).toBeNull();
    expect(boundIn(-Number.MAX_SAFE_INTEGER, 'to', CHEAP, RUB)).toBeNull();
  });
});

describe('amount in words', () => {
  it.each([
    [12345, 'RUB', 'Сто двадцать три рубля 45 копеек'],
    [0, 'RUB', 'Ноль рублей 00 копеек'],
    [100, 'RUB', 'Один рубль 00 копеек'],
    [200, 'RUB', 'Два рубля 00 копеек'],
    [500, 'RUB', 'Пять рублей 00 копеек'],
    [1100, 'RUB', 'Одиннадцать рублей 00 копеек'],
    [2100, 'RUB', 'Двадцать один рубль 00 копеек'],
    [2201, 'RUB', 'Двадцать два рубля 01 копейка'],
    [1402, 'RUB', 'Четырнадцать рублей 02 копейки'],
    [11111, 'RUB', 'Сто одиннадцать рублей 11 копеек'],
    [100000, 'RUB', 'Одна тысяча рублей 00 копеек'],
    [200000, 'RUB', 'Две тысячи рублей 00 копеек'],
    [500000, 'RUB', 'Пять тысяч рублей 00 копеек'],
    [2100000, 'RUB', 'Двадцать одна тысяча рублей 00 копеек'],
    [1100000, 'RUB', 'Одиннадцать тысяч рублей 00 копеек'],
    [123456789, 'RUB', 'Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек'],
    [250000000, 'RUB', 'Два миллиона пятьсот тысяч рублей 00 копеек'],
    [100000000000, 'RUB', 'Один миллиард рублей 00 копеек'],
    [121, 'USD', 'Один доллар США 21 цент'],
    [200, 'UAH', 'Две гривны 00 копеек'],
    [100, 'UAH', 'Одна гривна 00 копеек'],
    [500, 'EUR', 'Пять евро 00 центов'],
    [12345, 'PLN', 'Сто двадцать три PLN 45/100'],
    [1000, 'JPY', 'Одна тысяча JPY'],
  ] as const)('ru: %d %s → %s', (minor, currency, expected) => {
    expect(amountInWords(minor, currency, 'ru')).toBe(expected);
  });

  it.each([
    [12345, 'USD', 'One hundred twenty-three US dollars and 45 cents'],
    [0, 'USD', 'Zero US dollars and 00 cents'],
    [101, 'USD', 'One US dollar and 01 cent'],
    [12345, 'RUB', 'One hundred twenty-three roubles and 45 kopecks'],
    [100000, 'EUR', 'One thousand euros and 00 cents'],
    [123456789, 'USD', 'One million two hundred thirty-four thousand five hundred sixty-seven US dollars and 89 cents'],
    [9000000000, 'RUB', 'Ninety million roubles and 00 kopecks'],
    [12345, 'PLN', 'One hundred twenty-three PLN and 45/100'],
  ] as const)('en: %d %s → %s', (minor, currency, expected) => {
    expect(amountInWords(minor, currency, 'en')).toBe(expected);
  });

  it('plural forms', () => {
    const forms = ['рубль', 'рубля', 'рублей'] as const;
    expect([1, 2, 5, 11, 12, 14, 21, 22, 25, 101, 111, 0].map((n) => pluralRu(n, forms))).toEqual(['рубль', 'рубля', 'рублей', 'рублей', 'рублей', 'рублей', 'рубль', 'рубля', 'рублей', 'рубль', 'рублей', 'рублей']);
  });
});
