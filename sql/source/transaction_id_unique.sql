-- Whether constraints make purchase_transactions.transaction_id a key: NOT NULL (as a primary
-- key makes it), and a primary key or a valid unique index on that column alone (no expression,
-- no predicate). Then the seed's COUNT(DISTINCT transaction_id) equals count(*).
-- $1: schema of the sources.
select exists (
  select 1
  from pg_index i
  join pg_class t on t.oid = i.indrelid
  join pg_namespace n on n.oid = t.relnamespace
  join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
  where n.nspname = $1
    and t.relname = 'purchase_transactions'
    and a.attname = 'transaction_id'
    and a.attnotnull
    and i.indisunique
    and i.indisvalid
    and i.indnkeyatts = 1
    and i.indexprs is null
    and i.indpred is null
) as unique_key
