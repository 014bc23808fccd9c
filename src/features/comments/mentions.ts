/**
 * Who a comment mentions (docs/decisions.md, "Mentions"): "@" followed by a colleague's full name
 * exactly as in their profile ("@Anna Petrova") or by their e-mail ("@anna@example.com"), in any
 * letter case, and not followed by another letter or digit (so "@Anna" does not mention "Annabel").
 * Where several names fit at one "@", the longest wins ("@Anna Petrova" mentions Anna Petrova, not a
 * colleague called just "Anna"). Returns the mentioned users' ids once each, in order of appearance.
 */
export function mentionsIn(text: string, people: { id: number; fullName: string; email: string }[]): number[] {
  const lower = text.toLocaleLowerCase();
  const tags = people.flatMap((p) => [p.fullName, p.email].map((n) => ({ id: p.id, name: n.trim().toLocaleLowerCase() }))).filter((x) => x.name.length > 0);
  tags.sort((a, b) => b.name.length - a.name.length);
  const found: number[] = [];
  for (let at = lower.indexOf('@'); at >= 0; at = lower.indexOf('@', at + 1)) {
    const hit = tags.find((x) => lower.startsWith(x.name, at + 1) && !/[\p{L}\p{N}]/u.test(lower[at + 1 + x.name.length] ?? ''));
    if (hit && !found.includes(hit.id)) found.push(hit.id);
  }
  return found;
}
