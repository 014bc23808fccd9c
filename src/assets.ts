import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sea from 'node:sea';

/**
 * The one way to read views, static files and migrations. From the source tree they are files under the
 * project root; inside the single executable they are SEA assets, named by the same relative paths and
 * listed in the `asset-manifest.json` asset that the build writes.
 */
export interface Assets {
  /** Contents of `rel` (e.g. "views/layout.ejs"), or null when there is no such asset. */
  read(rel: string): Buffer | null;
  /** Relative paths of every asset under `dir` (e.g. "static"), sorted. */
  list(dir: string): string[];
}

function projectRoot(): string {
  const url = typeof import.meta.url === 'string' ? import.meta.url : '';
  return url ? path.resolve(path.dirname(fileURLToPath(url)), '..') : process.cwd();
}

/** Files shipped as our own static assets but taken from installed packages (DESIGN.md: htmx is copied in). */
export const vendored: Record<string, string> = {
  'static/vendor/htmx.min.js': 'node_modules/htmx.org/dist/htmx.min.js',
  // The font embedded in PDF documents (src/integrations/pdf/fonts.ts): Latin and Cyrillic.
  'fonts/DejaVuSans.ttf': 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'fonts/DejaVuSans-Bold.ttf': 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
};

export function fileAssets(root = projectRoot()): Assets {
  return {
    read(rel) {
      try {
        return fs.readFileSync(path.join(root, vendored[rel] ?? rel));
      } catch {
        return null;
      }
    },
    list(dir) {
      const out: string[] = [];
      const walk = (rel: string) => {
        let entries: fs.Dirent[];
        try {
          entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          const child = `${rel}/${e.name}`;
          if (e.isDirectory()) walk(child);
          else out.push(child);
        }
      };
      walk(dir);
      out.push(...Object.keys(vendored).filter((v) => v.startsWith(`${dir}/`)));
      return out.sort();
    },
  };
}

function seaAssets(): Assets {
  const manifest = JSON.parse(sea.getAsset('asset-manifest.json', 'utf8')) as string[];
  const names = new Set(manifest);
  return {
    read(rel) {
      return names.has(rel) ? Buffer.from(sea.getAsset(rel)) : null;
    },
    list(dir) {
      return manifest.filter((n) => n.startsWith(`${dir}/`)).sort();
    },
  };
}

export function isSingleExecutable(): boolean {
  try {
    return sea.isSea();
  } catch {
    return false;
  }
}

let current: Assets | undefined;

export function assets(): Assets {
  current ??= isSingleExecutable() ? seaAssets() : fileAssets();
  return current;
}

export function readText(rel: string): string {
  const buf = assets().read(rel);
  if (!buf) throw new Error(`missing asset ${rel}`);
  return buf.toString('utf8');
}
