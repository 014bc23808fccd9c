import { minorDigits } from './format.js';

/**
 * Amounts in words, as invoices print them: "Сто двадцать три рубля 45 копеек", "One hundred
 * twenty-three US dollars and 45 cents". The whole units are spelled out, the minor units stay
 * digits (as Russian accountants write them). Pure functions over integers: no floats.
 */
type Gender = 'm' | 'f';
type Forms = readonly [one: string, few: string, many: string];

/** The Russian plural form for a count: 1, 21 рубль; 2–4, 22 рубля; 0, 5–20, 11–14 рублей. */
export function pluralRu(n: bigint | number, forms: Forms): string {
  const v = BigInt(n) < 0n ? -BigInt(n) : BigInt(n);
  const last2 = Number(v % 100n);
  const last = last2 % 10;
  if (last2 >= 11 && last2 <= 14) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

const RU_ONES = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const RU_TEENS = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
const RU_TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const RU_HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];
const RU_SCALES: { forms: Forms; gender: Gender }[] = [
  { forms: ['тысяча', 'тысячи', 'тысяч'], gender: 'f' },
  { forms: ['миллион', 'миллиона', 'миллионов'], gender: 'm' },
  { forms: ['миллиард', 'миллиарда', 'миллиардов'], gender: 'm' },
  { forms: ['триллион', 'триллиона', 'триллионов'], gender: 'm' },
];

function ruTriple(n: number, gender: Gender): string[] {
  const words = [RU_HUNDREDS[Math.floor(n / 100)]!];
  const rest = n % 100;
  if (rest >= 10 && rest < 20) words.push(RU_TEENS[rest - 10]!);
  else {
    words.push(RU_TENS[Math.floor(rest / 10)]!);
    const one = rest % 10;
    words.push(gender === 'f' && one === 1 ? 'одна' : gender === 'f' && one === 2 ? 'две' : RU_ONES[one]!);
  }
  return words.filter(Boolean);
}

/** A whole number in Russian words, agreeing with the gender of what it counts ("одна тысяча", "два рубля"). */
export function ruNumber(value: bigint, gender: Gender = 'm'): string {
  if (value === 0n) return 'ноль';
  if (value < 0n) return `минус ${ruNumber(-value, gender)}`;
  const groups: number[] = [];
  for (let v = value; v > 0n; v /= 1000n) groups.push(Number(v % 1000n));
  if (groups.length > RU_SCALES.length + 1) throw new RangeError('number too large for words');
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    if (i === 0) words.push(...ruTriple(g, gender));
    else {
      const scale = RU_SCALES[i - 1]!;
      words.push(...ruTriple(g, scale.gender), pluralRu(g, scale.forms));
    }
  }
  return words.join(' ');
}

const EN_SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['thousand', 'million', 'billion', 'trillion'];

function enTriple(n: number): string {
  const words: string[] = [];
  if (n >= 100) words.push(`${EN_SMALL[Math.floor(n / 100)]} hundred`);
  const rest = n % 100;
  if (rest > 0 && rest < 20) words.push(EN_SMALL[rest]!);
  else if (rest >= 20) words.push(EN_TENS[Math.floor(rest / 10)]! + (rest % 10 ? `-${EN_SMALL[rest % 10]}` : ''));
  return words.join(' ');
}

/** A whole number in English words: "one thousand two hundred thirty-four". */
export function enNumber(value: bigint): string {
  if (value === 0n) return 'zero';
  if (value < 0n) return `minus ${enNumber(-value)}`;
  const groups: number[] = [];
  for (let v = value; v > 0n; v /= 1000n) groups.push(Number(v % 1000n));
  if (groups.length > EN_SCALES.length + 1) throw new RangeError('number too large for words');
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    words.push(i === 0 ? enTriple(g) : `${enTriple(g)} ${EN_SCALES[i - 1]}`);
  }
  return words.join(' ');
}

interface RuCurrency {
  major: Forms;
  majorGender: Gender;
  minor: Forms;
}

const RU_CURRENCIES: Record<string, RuCurrency> = {
  RUB: { major: ['рубль', 'рубля', 'рублей'], majorGender: 'm', minor: ['копейка', 'копейки', 'копеек'] },
  USD: { major: ['доллар США', 'доллара США', 'долларов США'], majorGender: 'm', minor: ['цент', 'цента', 'центов'] },
  EUR: { major: ['евро', 'евро', 'евро'], majorGender: 'm', minor: ['цент', 'цента', 'центов'] },
  UAH: { major: ['гривна', 'гривны', 'гривен'], majorGender: 'f', minor: ['копейка', 'копейки', 'копеек'] },
  KZT: { major: ['тенге', 'тенге', 'тенге'], majorGender: 'm', minor: ['тиын', 'тиына', 'тиынов'] },
  BYN: { major: ['белорусский рубль', 'белорусских рубля', 'белорусских рублей'], majorGender: 'm', minor: ['копейка', 'копейки', 'копеек'] },
  CNY: { major: ['юань', 'юаня', 'юаней'], majorGender: 'm', minor: ['фэнь', 'фэня', 'фэней'] },
};

const EN_CURRENCIES: Record<string, { major: [string, string]; minor: [string, string] }> = {
  RUB: { major: ['rouble', 'roubles'], minor: ['kopeck', 'kopecks'] },
  USD: { major: ['US dollar', 'US dollars'], minor: ['cent', 'cents'] },
  EUR: { major: ['euro', 'euros'], minor: ['cent', 'cents'] },
  GBP: { major: ['pound sterling', 'pounds sterling'], minor: ['penny', 'pence'] },
  UAH: { major: ['hryvnia', 'hryvnias'], minor: ['kopiyka', 'kopiykas'] },
  KZT: { major: ['tenge', 'tenge'], minor: ['tiyn', 'tiyn'] },
  BYN: { major: ['Belarusian rouble', 'Belarusian roubles'], minor: ['kopeck', 'kopecks'] },
  CNY: { major: ['yuan', 'yuan'], minor: ['fen', 'fen'] },
};

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The amount in words in the document's language. A currency without its own names here is named by
 * its code, its minor units as a fraction ("Сто двадцать три PLN 45/100").
 */
export function amountInWords(minor: number, currency: string, locale: 'ru' | 'en'): string {
  const digits = minorDigits(currency);
  const scale = 10n ** BigInt(digits);
  const value = BigInt(minor);
  const abs = value < 0n ? -value : value;
  const whole = abs / scale;
  const fraction = abs % scale;
  const cents = String(fraction).padStart(digits, '0');
  const sign = value < 0n ? (locale === 'ru' ? 'минус ' : 'minus ') : '';
  if (locale === 'ru') {
    const c = RU_CURRENCIES[currency];
    const words = `${sign}${ruNumber(whole, c?.majorGender ?? 'm')}`;
    if (!c) return capitalized(`${words} ${currency}${digits ? ` ${cents}/${scale}` : ''}`);
    return capitalized(`${words} ${pluralRu(whole, c.major)}${digits ? ` ${cents} ${pluralRu(fraction, c.minor)}` : ''}`);
  }
  const c = EN_CURRENCIES[currency];
  const words = `${sign}${enNumber(whole)}`;
  if (!c) return capitalized(`${words} ${currency}${digits ? ` and ${cents}/${scale}` : ''}`);
  const major = c.major[whole === 1n ? 0 : 1];
  return capitalized(`${words} ${major}${digits ? ` and ${cents} ${c.minor[fraction === 1n ? 0 : 1]}` : ''}`);
}
