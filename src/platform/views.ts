import ejs from 'ejs';
import { readText } from '../assets.js';

/**
 * Renders `views/<name>.ejs`. Templates are read through the assets module so the single executable
 * renders the same ones. `include('partials/field', {...})` names a view from the views root and is
 * rendered by this module too (it shadows ejs's file-system include through the template's locals).
 */
const cache = new Map<string, ejs.TemplateFunction>();
let caching = true;

export function setViewCaching(on: boolean): void {
  caching = on;
  cache.clear();
}

function compile(name: string): ejs.TemplateFunction {
  const hit = caching ? cache.get(name) : undefined;
  if (hit) return hit;
  const fn = ejs.compile(readText(`views/${name}.ejs`), { filename: name, rmWhitespace: true }) as ejs.TemplateFunction;
  if (caching) cache.set(name, fn);
  return fn;
}

export function renderView(name: string, locals: Record<string, unknown>): string {
  const include = (child: string, extra: Record<string, unknown> = {}) => renderView(child, { ...locals, ...extra });
  return compile(name)({ ...locals, include }) as string;
}
