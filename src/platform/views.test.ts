import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileView, escapeHtml } from './views.js';

const root = path.resolve(import.meta.dirname, '../../views');
const templates = fs
  .readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ejs'))
  .map((f) => f.slice(0, -'.ejs'.length));
const reserved = new Set(
  'break case catch class const continue debugger default delete do else export extends false finally for function if import in instanceof let new null return super switch this throw true try typeof var void while with yield await of undefined NaN Infinity eval arguments'.split(' '),
);

describe('templates', () => {
  it.each(templates)('%s compiles whatever locals it is given', (name) => {
    // Every word of the template offered as a local: no set of names a route passes can collide
    // with what the template declares itself.
    const text = fs.readFileSync(path.join(root, `${name}.ejs`), 'utf8');
    const words = [...new Set(text.match(/[a-zA-Z_$][0-9a-zA-Z_$]*/g) ?? [])].filter((w) => !reserved.has(w));
    expect(() => compileView(name, words)).not.toThrow();
  });
});

describe('escaping', () => {
  it('escapes the five special characters as EJS does and leaves other text as it is', () => {
    expect(escapeHtml(`<a href="x?a=1&b='2'">`)).toBe('&lt;a href=&#34;x?a=1&amp;b=&#39;2&#39;&#34;&gt;');
    expect(escapeHtml('Петров Илья, 4 907 433,05 ₽')).toBe('Петров Илья, 4 907 433,05 ₽');
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
  });
});
