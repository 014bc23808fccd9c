import path from 'node:path';

/**
 * The `filename` 1C sends, made safe to use under an exchange folder: backslashes become slashes,
 * the prefixes 1C or Bitrix put in front (`/tmp/`, `upload/1c/webdata/`) are dropped, sub-folders
 * stay (pictures arrive as `import_files/ac/….jpg`). Anything that could leave the folder —
 * `..`, an absolute or drive path, NUL, control characters — is refused: null.
 */
const PREFIXES = [/^\/?tmp\//i, /^\/?upload\/1c\/webdata\//i, /^\/?upload\/1c_catalog\//i, /^\/?upload\/1c_exchange\//i];
const MAX_PATH = 400;

export function safeRelativePath(filename: string | undefined): string | null {
  if (!filename) return null;
  let name = filename.replace(/\\/g, '/').trim();
  for (const prefix of PREFIXES) name = name.replace(prefix, '');
  // eslint-disable-next-line no-control-regex
  if (!name || name.length > MAX_PATH || /[\u0000-\u001f]/.test(name)) return null;
  if (name.startsWith('/') || /^[a-z]:/i.test(name)) return null;
  const parts = name.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) return null;
  return parts.join('/');
}

/** The absolute path of a safe relative name inside `root`, checked once more after resolving. */
export function inside(root: string, relative: string): string {
  const full = path.resolve(root, relative);
  if (full !== root && !full.startsWith(root + path.sep)) throw new Error(`path escapes the exchange folder: ${relative}`);
  return full;
}
