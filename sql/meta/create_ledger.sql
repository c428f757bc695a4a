-- The pipeline's own ledger: one row per run and one per stage of a run.
create schema if not exists cdp_meta;

create table if not exists cdp_meta.runs (
  run_id text primary key,
  as_of_date date not null,
  status text not null check (status in ('running', 'published', 'failed', 'superseded')),
  backfill boolean not null default false,
  started_at timestamptz not null default clock_timestamp(),
  finished_at timestamptz,
  rows integer,
  error text,
  quality jsonb
);

-- Added after the first release, hence not in the create above: a ledger made by an earlier
-- version gains the column in place. `result` is publish's answer, replayed to a repeated request.
alter table cdp_meta.runs add column if not exists result jsonb;

create table if not exists cdp_meta.stage_runs (
  run_id text not null references cdp_meta.runs (run_id) on delete cascade,
  stage text not null,
  status text not null check (status in ('running', 'succeeded', 'failed')),
  attempts integer not null default 1,
  started_at timestamptz not null default clock_timestamp(),
  finished_at timestamptz,
  rows integer,
  error text,
  primary key (run_id, stage)
);

-- Each run's mode: what was asked (`full` or `incremental`), what ran, and why they differ;
-- the state's version the run was prepared against, and the change capture as prepare saw it.
alter table cdp_meta.runs add column if not exists requested_mode text;
alter table cdp_meta.runs add column if not exists mode text;
alter table cdp_meta.runs add column if not exists mode_reason text;
alter table cdp_meta.runs add column if not exists state_version bigint;
alter table cdp_meta.runs add column if not exists capture_fingerprint text;

-- The change log the capture writes (sql/capture/install.sql): one row per statement that
-- changed a source. prepare takes what it sees; publish deletes exactly those rows.
create table if not exists cdp_meta.changes (
  id bigint generated always as identity primary key,
  source text not null,
  customer_ids integer[],
  product_ids integer[],
  -- Set when the change cannot be expressed as customers (a TRUNCATE): a full run must follow.
  full_reason text,
  changed_at timestamptz not null default clock_timestamp()
);

-- The run's lease (core/lease.ts): the execution that prepared it and alone may run its stages
-- and publish it while it is running; null when prepared without one (a library caller).
alter table cdp_meta.runs add column if not exists owner text;
alter table cdp_meta.runs add column if not exists owner_since timestamptz;

-- A published run taken back by an operator (`cdp withdraw`): it no longer counts as the newest
-- published as-of date, so a bad publish (a far-future date) stops superseding every later run.
alter table cdp_meta.runs add column if not exists withdrawn_at timestamptz;
alter table cdp_meta.runs add column if not exists withdrawn_reason text;
