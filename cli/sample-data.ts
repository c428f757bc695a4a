/** What `cdp run` and `cdp serve` say about their database, and how they fill it with sample data. */
import type { DatabaseConfig } from '../core/config.js';
import type { Database } from '../core/db/database.js';
import { loadSample } from '../core/sample.js';
import { seconds, thousands } from './format.js';
import type { CliIo } from './io.js';

export function databaseLabel(config: DatabaseConfig): string {
  if (config.mode === 'embedded') return `embedded PostgreSQL (PGlite${config.dataDir ? `, ${config.dataDir}` : ', in memory'})`;
  return config.mode === 'url' ? 'PostgreSQL (--database-url / DATABASE_URL)' : 'Cloud SQL';
}

/** Replaces the six source tables with `customers` generated customers, saying what it loaded. */
export async function loadSampleData(db: Database, customers: number, anchorDate: string, io: CliIo): Promise<void> {
  const started = performance.now();
  io.out(`loading ${thousands(customers)} sample customers as of ${anchorDate} ...`);
  const loaded = await loadSample(db, { customers, anchorDate });
  io.out(`loaded ${Object.entries(loaded).map(([table, n]) => `${table} ${thousands(n)}`).join(', ')} in ${seconds(performance.now() - started)} s`);
}
