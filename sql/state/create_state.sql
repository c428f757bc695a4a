-- The persistent state (docs/incremental.md): what is published, kept between runs so that an
-- incremental run recomputes only the customers whose source rows changed.
-- cdp_state.customer_360_base (the published rows, without the columns that depend on the
-- as-of date) and cdp_state.customer_dirt (the data-quality ledger) are a full run's tables,
-- moved in by sql/state/replace_base.sql and replace_dirt.sql; an incremental run replaces its
-- changed customers' rows in them (apply_base_changes.sql, apply_dirt_changes.sql).
create schema if not exists cdp_state;

-- One row: what is published, and how far the state can be trusted.
create table if not exists cdp_state.published (
  singleton boolean primary key default true check (singleton),
  run_id text not null,
  as_of_date date not null,
  -- Counts the publishes: a run prepared against another version may not apply its changes.
  version bigint not null,
  -- The change capture as it was when the state was built (sql/capture/fingerprint.sql), null
  -- without one: another value now means changes may have gone unrecorded.
  capture_fingerprint text,
  -- Set when the state is known not to match the sources; the next run is a full one.
  needs_full_reason text,
  -- The ledger keeps activity dated after the as-of date of the run that recomputed a customer:
  -- exact for this date and later ones; an earlier as-of date needs a full run.
  dated_from date not null,
  published_at timestamptz not null default clock_timestamp()
);

-- customer_status, as the seed's CASE gives it, defined once for customer_360 and for the
-- summary (sql/publish/summary.sql), which counts it from cdp_state.summary_counts. A one-line
-- SQL function: the planner inlines it.
create or replace function cdp_state.customer_status(days_since_last_purchase integer) returns text
language sql immutable parallel safe
return case
  when days_since_last_purchase <= 30 then 'Active'
  when days_since_last_purchase <= 90 then 'At Risk'
  else 'Churned'
end;
