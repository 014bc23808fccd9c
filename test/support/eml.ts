import iconv from 'iconv-lite';

/** A raw RFC 822 message as a mail client would write it, in UTF-8 or another charset. */
export interface EmlOptions {
  from: string;
  to: string;
  cc?: string;
  subject: string;
  body?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
  charset?: string;
  headers?: Record<string, string>;
  attachment?: { filename: string; type: string; content: string };
}

const word = (text: string, charset: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?${charset}?B?${iconv.encode(text, charset).toString('base64')}?=`);
/** "Name <a@b>" with the name as an encoded word. */
const address = (text: string, charset: string) => text.replace(/^(.*?)\s*<([^>]+)>$/, (_m, name: string, a: string) => `${word(name, charset)} <${a}>`);

export function eml(o: EmlOptions): Buffer {
  const charset = o.charset ?? 'utf-8';
  const head = [
    `From: ${address(o.from, charset)}`,
    `To: ${o.to.split(',').map((a) => address(a.trim(), charset)).join(', ')}`,
    ...(o.cc ? [`Cc: ${o.cc}`] : []),
    `Subject: ${word(o.subject, charset)}`,
    `Date: ${(o.date ?? new Date()).toUTCString()}`,
    ...(o.messageId ? [`Message-ID: <${o.messageId}>`] : []),
    ...(o.inReplyTo ? [`In-Reply-To: <${o.inReplyTo}>`] : []),
    ...(o.references?.length ? [`References: ${o.references.map((r) => `<${r}>`).join(' ')}`] : []),
    ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
  ];
  const body = iconv.encode((o.body ?? 'Текст письма').replace(/\n/g, '\r\n'), charset);
  if (!o.attachment) {
    return Buffer.concat([Buffer.from(`${[...head, `Content-Type: text/plain; charset=${charset}`, 'Content-Transfer-Encoding: 8bit'].join('\r\n')}\r\n\r\n`, 'latin1'), body, Buffer.from('\r\n')]);
  }
  const b = 'prosto-boundary';
  return Buffer.concat([
    Buffer.from(`${[...head, `Content-Type: multipart/mixed; boundary="${b}"`].join('\r\n')}\r\n\r\n--${b}\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`, 'latin1'),
    body,
    Buffer.from(`\r\n--${b}\r\nContent-Type: ${o.attachment.type}\r\nContent-Disposition: attachment; filename="${word(o.attachment.filename, 'utf-8')}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(o.attachment.content).toString('base64')}\r\n--${b}--\r\n`, 'latin1'),
  ]);
}
