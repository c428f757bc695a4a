/** What the pipeline needs of a database, whichever of the three modes serves it. */
export interface QueryResult<R> {
  readonly rows: R[];
  /** Rows written or returned by the statement (CREATE TABLE AS reports the rows it stored). */
  readonly rowCount: number;
}

export interface Queryable {
  /** One statement, with `$n` parameters. */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** A script of several statements, without parameters. */
  exec(script: string): Promise<void>;
}

export const DATABASE_KINDS = ['embedded', 'postgres', 'cloudsql'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs `fn` on one session inside a transaction: committed if it returns, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
