/**
 * The bench's equality check: the pipeline's customer_360 against the seed's, row for row up to
 * the documented departures (sql/bench/compare_customer_360.sql says which and how).
 */
import type { Database } from '../../core/db/database.js';
import { sql } from '../../core/sql.js';

export interface Comparison {
  readonly seedRows: number;
  readonly pipelineRows: number;
  readonly onlyInSeed: number;
  readonly onlyInPipeline: number;
  /** Rows present on both sides with a value that differs (favourites aside). */
  readonly valuesDiffer: number;
  /** Rows whose favourites differ outside a tie (one pick is not among the most bought). */
  readonly favouritesDiffer: number;
  /** Rows whose favourites differ within a tie: allowed, the documented departure. */
  readonly tiedFavourites: number;
  /** Per column, rows where it differs. */
  readonly differingColumns: Readonly<Record<string, number>>;
}

/** Rows that differ, of any kind; 0 means the tables are equal. */
export function differingRows(c: Comparison): number {
  return c.onlyInSeed + c.onlyInPipeline + c.valuesDiffer + c.favouritesDiffer;
}

export async function compareWithSeed(db: Database): Promise<Comparison> {
  return db.transaction(async (tx) => {
    await tx.query(sql('bench/compare_session').text);
    const { rows } = await tx.query<{
      seed_rows: number; pipeline_rows: number; only_in_seed: number; only_in_pipeline: number;
      values_differ: number; favourites_differ: number; tied_favourites: number; differing_columns: Record<string, number>;
    }>(sql('bench/compare_customer_360').text);
    const row = rows[0]!;
    return {
      seedRows: row.seed_rows,
      pipelineRows: row.pipeline_rows,
      onlyInSeed: row.only_in_seed,
      onlyInPipeline: row.only_in_pipeline,
      valuesDiffer: row.values_differ,
      favouritesDiffer: row.favourites_differ,
      tiedFavourites: row.tied_favourites,
      differingColumns: row.differing_columns,
    };
  });
}

/** One line for a person. */
export function describeComparison(c: Comparison): string {
  const n = differingRows(c);
  const fmt = (x: number) => x.toLocaleString('en-US');
  if (n === 0) {
    return `customer_360 equals the seed's: ${fmt(c.pipelineRows)} rows (${fmt(c.tiedFavourites)} favourite ties picked differently, as documented)`;
  }
  const kinds = [
    c.onlyInSeed ? `${fmt(c.onlyInSeed)} only in the seed's` : '',
    c.onlyInPipeline ? `${fmt(c.onlyInPipeline)} only in the pipeline's` : '',
    c.valuesDiffer ? `${fmt(c.valuesDiffer)} with other values (${Object.entries(c.differingColumns).map(([column, k]) => `${column} ${fmt(k)}`).join(', ')})` : '',
    c.favouritesDiffer ? `${fmt(c.favouritesDiffer)} with a favourite that is not among the most bought` : '',
  ].filter(Boolean);
  return `customer_360 differs from the seed's: ${fmt(n)} row${n === 1 ? '' : 's'} differ (${kinds.join('; ')})`;
}
