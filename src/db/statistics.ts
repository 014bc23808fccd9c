import type { Job } from '../jobs/registry.js';
import type { Sqlite } from './connection.js';

/**
 * The query planner's statistics (ANALYZE). Without them SQLite guesses, and on a list sorted by
 * date it picks the (deleted_at, id) index and sorts every live row in a temporary table instead of
 * walking the date index: fine at a hundred records, slow at a hundred thousand. `PRAGMA optimize`
 * analyses only the tables whose size changed a lot since their last statistics, each within a
 * bounded amount of work, so running it at start and every hour costs next to nothing.
 */
export function refreshStatistics(sqlite: Sqlite, options: { atStart?: boolean } = {}): void {
  sqlite.pragma('analysis_limit = 1000');
  // 0x10002 at start: also look at tables not used yet by this connection.
  sqlite.pragma(options.atStart ? 'optimize = 0x10002' : 'optimize');
}

export const statisticsJob: Job = {
  name: 'statistics',
  schedule: '17 * * * *',
  async run(ctx) {
    refreshStatistics(ctx.sqlite);
    return {};
  },
};
