import ejs from 'ejs';
import { readText } from '../assets.js';

/**
 * Renders `views/<name>.ejs`. Templates are read through the assets module so the single executable
 * renders the same ones. `include('partials/field', {...})` names a view from the views root and is
 * rendered by this module too (it shadows ejs's file-system include through the template's locals).
 */
const cache = new Map<string, { names: string[]; fn: ejs.TemplateFunction }[]>();
let caching = true;

export function setViewCaching(on: boolean): void {
  caching = on;
  cache.clear();
}

const special = /[&<>"']/;
const specials = /[&<>"']/g;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/** `<%= %>` as EJS escapes it, but a value without special characters (nearly all) is returned as it is, without a replace. */
export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return special.test(text) ? text.replace(specials, (c) => entities[c]!) : text;
}

const identifier = /^[a-zA-Z_$][0-9a-zA-Z_$]*$/;
const declared = /\b(?:const|let|var|function)\s+([a-zA-Z_$][0-9a-zA-Z_$]*)/g;
const destructured = /\b(?:const|let|var)\s*[{[]([^}\]]*)[}\]]/g;

/** The names a template declares itself: `const x`, `function f`, `const { a, b: c } = …`. */
function ownNames(text: string): Set<string> {
  const names = new Set([...text.matchAll(declared)].map((m) => m[1]!));
  for (const m of text.matchAll(destructured)) {
    for (const part of m[1]!.split(',')) {
      const bound = part.split('=')[0]!.split(':').pop()!.replace('...', '').trim();
      if (identifier.test(bound)) names.add(bound);
    }
  }
  return names;
}

/**
 * Templates are compiled without EJS's `with (locals)`, inside which V8 runs a template about three
 * times slower (measured on a 50-row table); the locals become plain variables instead, except names
 * the template declares itself. The names are part of the compiled function, so a template is compiled
 * once per set of names it is rendered with: a handful, since each route passes the same ones.
 */
export function compileView(name: string, names: string[]): ejs.TemplateFunction {
  const compiled = caching ? cache.get(name) : undefined;
  // Found by comparing the names one by one: joining them into a key on every include cost more than rendering small partials.
  const hit = compiled?.find((c) => c.names.length === names.length && c.names.every((n, i) => n === names[i]));
  if (hit) return hit.fn;
  const text = readText(`views/${name}.ejs`);
  const own = ownNames(text);
  const fn = ejs.compile(text, {
    filename: name,
    rmWhitespace: true,
    escape: escapeHtml,
    _with: false,
    localsName: 'locals',
    destructuredLocals: names.filter((n) => identifier.test(n) && n !== 'locals' && !own.has(n)),
  }) as ejs.TemplateFunction;
  if (caching) cache.set(name, [...(compiled ?? []), { names: [...names], fn }]);
  return fn;
}

export function renderView(name: string, locals: Record<string, unknown>): string {
  const include = (child: string, extra: Record<string, unknown> = {}) => renderView(child, { ...locals, ...extra });
  const all = { ...locals, include };
  return compileView(name, Object.keys(all))(all) as string;
}
