import { describe, expect, it } from 'vitest';
import { richTextHtml, richTextPlain } from './richtext.js';

const body = (html: string) => html.replace(/^<div[^>]*>|<\/div>$/g, '');

describe('simple formatting', () => {
  it.each([
    ['Hello', '<p>Hello</p>'],
    ['a\nb\n\nc', '<p>a<br>b</p>\n<p>c</p>'],
    ['**Итого** 5 *шт*', '<p><strong>Итого</strong> 5 <em>шт</em></p>'],
    ['<script>alert(1)</script> & "x"', '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</p>'],
    ['See https://example.ru/a?b=1&c=2.', '<p>See <a href="https://example.ru/a?b=1&amp;c=2">https://example.ru/a?b=1&amp;c=2</a>.</p>'],
    ['- one\n- **two**', '<ul><li>one</li><li><strong>two</strong></li></ul>'],
    ['2 * 3 * 4', '<p>2 * 3 * 4</p>'],
  ])('%j', (text, html) => {
    expect(body(richTextHtml(text))).toBe(html);
  });

  it('drops the markers for the plain part', () => {
    expect(richTextPlain('**Итого** 5 *шт*')).toBe('Итого 5 шт');
  });
});
