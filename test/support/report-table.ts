/** A report page's table as its cells' raw values (data-v: minor units, counts, tenths of a percent; the shown words for groups). */
export interface ReportTable {
  rows: string[][];
  totals: string[];
}

export function reportTable(html: string): ReportTable {
  const cells = (part: string) => [...part.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/data-v="([^"]*)"/g)].map((m) => m[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&')));
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  const foot = html.includes('<tfoot>') ? html.slice(html.indexOf('<tfoot>'), html.indexOf('</tfoot>')) : '';
  return { rows: cells(body).filter((r) => r.length), totals: cells(foot)[0] ?? [] };
}
