import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { parseMessage } from './mime.js';

/** Raw messages as Russian mail clients and servers send them, in their own charsets. */
function raw(charset: string, headers: Record<string, string>, body: string, encoding: '8bit' | 'base64' = '8bit'): Buffer {
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
  const content = iconv.encode(body, charset);
  return Buffer.concat([
    Buffer.from(`${head}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n`, 'latin1'),
    encoding === 'base64' ? Buffer.from(content.toString('base64')) : content,
  ]);
}

const encodedWord = (charset: string, text: string) => `=?${charset}?B?${iconv.encode(text, charset).toString('base64')}?=`;

describe('parseMessage', () => {
  it.each(['windows-1251', 'koi8-r'])('decodes %s subjects, names and bodies', async (charset) => {
    const m = await parseMessage(
      raw(charset, { From: `${encodedWord(charset, 'Иван Петров')} <Ivan@Client.test>`, To: 'sales@vector.test', Subject: encodedWord(charset, 'Счёт на оплату 15'), 'Message-ID': '<abc@client.test>', Date: 'Tue, 01 Dec 2026 10:00:00 +0300' }, 'Добрый день!\r\nПришлите, пожалуйста, счёт.'),
    );
    expect(m.subject).toBe('Счёт на оплату 15');
    expect(m.from).toEqual({ address: 'ivan@client.test', name: 'Иван Петров' });
    expect(m.text).toBe('Добрый день!\nПришлите, пожалуйста, счёт.');
    expect(m.messageId).toBe('abc@client.test');
    expect(m.date).toBe(Date.parse('2026-12-01T07:00:00Z'));
  });

  it('reads threading headers, attachments and sanitises HTML', async () => {
    const source = Buffer.from(
      [
        'From: a@client.test',
        'To: Sales <sales@vector.test>, b@client.test',
        'Cc: c@client.test',
        'Subject: Re: Offer',
        'Message-ID: <r2@client.test>',
        'In-Reply-To: <r1@vector.test>',
        'References: <r0@client.test> <r1@vector.test>',
        'Auto-Submitted: auto-replied',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p onclick="x()">Hi <script>alert(1)</script><img src="https://tracker.test/p.gif"><a href="javascript:alert(1)">x</a><a href="https://ok.test">ok</a></p><style>p{}</style>',
        '--b1',
        'Content-Type: application/pdf; name="=?utf-8?B?0KHRh9GR0YIucGRm?="',
        'Content-Disposition: attachment; filename="=?utf-8?B?0KHRh9GR0YIucGRm?="',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 test').toString('base64'),
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const m = await parseMessage(source);
    expect(m.inReplyTo).toBe('r1@vector.test');
    expect(m.references).toEqual(['r0@client.test', 'r1@vector.test']);
    expect(m.to.map((a) => a.address)).toEqual(['sales@vector.test', 'b@client.test']);
    expect(m.cc).toEqual([{ address: 'c@client.test', name: null }]);
    expect(m.automatic).toBe(true);
    expect(m.html).toBe('<p>Hi <img /><a rel="noopener noreferrer nofollow" target="_blank">x</a><a href="https://ok.test" rel="noopener noreferrer nofollow" target="_blank">ok</a></p>');
    expect(m.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([['Счёт.pdf', 'application/pdf', '%PDF-1.4 test']]);
  });

  it('gives a message without a Message-ID a stable one from its content', async () => {
    const source = Buffer.from('From: a@client.test\r\nSubject: x\r\n\r\nbody\r\n');
    const one = await parseMessage(source);
    expect(one.messageId).toMatch(/^[0-9a-f]{64}@prosto\.invalid$/);
    expect((await parseMessage(source)).messageId).toBe(one.messageId);
    expect(one.automatic).toBe(false);
  });
});
