-- The persistent state (docs/incremental.md): what the six stages computed for every customer,
-- without anything that depends on the as-of date, kept between runs so that an incremental run
-- recomputes only the customers whose source rows changed. Its tables are the stage tables of
-- the run that built them (cdp_state.<stage without temp_>, moved in by replace_state.sql) and
-- are UNLOGGED: a crash empties them, prepare notices, and the next run rebuilds in full.
-- customer_360_base holds the published rows and is logged, like any published table.
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
  -- Rows of cdp_state.customer_basic: more than 0 with the table empty means a crash emptied it.
  customers bigint not null,
  published_at timestamptz not null default clock_timestamp()
);
