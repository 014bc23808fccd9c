/**
 * "Simple formatting" of a message body: the text as typed, with **bold**, *italics*, links
 * (addresses starting with http:// or https://) and lines starting with "- " as a list. Everything
 * else is escaped, so the HTML is ours and safe to send and to show. Plain-text mail is sent as the
 * text alone; formatted mail as this HTML with the text beside it.
 */
/** Emphasis hugs its words: "2 * 3 * 4" is arithmetic, "*шт*" is italics. */
const BOLD = /\*\*([^*\s](?:[^*\n]*[^*\s])?)\*\*/g;
const ITALIC = /(^|[^*])\*([^*\s](?:[^*\n]*[^*\s])?)\*(?!\*)/g;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function inline(line: string): string {
  const parts = line.split(/(https?:\/\/[^\s<>"]+)/g);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) {
        const url = part.replace(/[.,;:!?)]+$/, '');
        const rest = part.slice(url.length);
        return `<a href="${escape(url)}">${escape(url)}</a>${escape(rest)}`;
      }
      return escape(part)
        .replace(BOLD, '<strong>$1</strong>')
        .replace(ITALIC, '$1<em>$2</em>');
    })
    .join('');
}

export function richTextHtml(text: string): string {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  const html = blocks.map((block) => {
    const lines = block.split('\n');
    if (lines.every((l) => /^\s*[-•]\s+/.test(l))) return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-•]\s+/, ''))}</li>`).join('')}</ul>`;
    return `<p>${lines.map(inline).join('<br>')}</p>`;
  });
  // No style attribute: the reader's client chooses the font, and our own pages allow no inline styles.
  return `<div>${html.join('\n')}</div>`;
}

/** The text of formatted mail as a plain-text reader sees it: the markers removed. */
export function richTextPlain(text: string): string {
  return text.replace(BOLD, '$1').replace(ITALIC, '$1$2');
}
