/**
 * The exclusion list: addresses whose mail is never filed and never makes a lead. One rule a line:
 * a whole address ("robot@shop.ru"), a local part at any domain ("noreply@"), or a domain with its
 * subdomains ("bank.ru" or "@bank.ru"). Letter case does not matter; blank lines and "#" comments are
 * ignored.
 */
export interface ExclusionRules {
  addresses: Set<string>;
  locals: Set<string>;
  domains: string[];
}

/** What a new installation starts with: the robots that write to every mailbox. */
export const DEFAULT_EXCLUSIONS = ['noreply@', 'no-reply@', 'donotreply@', 'do-not-reply@', 'mailer-daemon@', 'postmaster@'].join('\n');

const LOCAL = /^[^\s@]+$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z0-9-]{2,}$/i;

/** The lines that are not a rule, for the settings form. */
export function badExclusionLines(text: string): string[] {
  return lines(text).filter((line) => classify(line) === null);
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim().toLowerCase())
    .filter(Boolean);
}

function classify(line: string): { kind: 'address' | 'local' | 'domain'; value: string } | null {
  const at = line.indexOf('@');
  if (at < 0) return DOMAIN.test(line) ? { kind: 'domain', value: line } : null;
  const local = line.slice(0, at);
  const domain = line.slice(at + 1);
  if (line.indexOf('@', at + 1) >= 0) return null;
  if (local === '') return DOMAIN.test(domain) ? { kind: 'domain', value: domain } : null;
  if (!LOCAL.test(local)) return null;
  if (domain === '') return { kind: 'local', value: local };
  return DOMAIN.test(domain) ? { kind: 'address', value: line } : null;
}

export function parseExclusions(text: string): ExclusionRules {
  const rules: ExclusionRules = { addresses: new Set(), locals: new Set(), domains: [] };
  for (const line of lines(text)) {
    const rule = classify(line);
    if (rule?.kind === 'address') rules.addresses.add(rule.value);
    else if (rule?.kind === 'local') rules.locals.add(rule.value);
    else if (rule?.kind === 'domain') rules.domains.push(rule.value);
  }
  return rules;
}

export function isExcluded(rules: ExclusionRules, address: string): boolean {
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf('@');
  if (at < 0) return false;
  const local = a.slice(0, at);
  const domain = a.slice(at + 1);
  return rules.addresses.has(a) || rules.locals.has(local) || rules.domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}
