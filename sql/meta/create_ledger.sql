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

-- The run's lease (core/lease.ts): the execution that prepared it and alone may run its stages
-- and publish it while it is running; null when prepared without one (a library caller).
alter table cdp_meta.runs add column if not exists owner text;
alter table cdp_meta.runs add column if not exists owner_since timestamptz;

-- A published run taken back by an operator (`cdp withdraw`): it no longer counts as the newest
-- published as-of date, so a bad publish (a far-future date) stops superseding every later run.
alter table cdp_meta.runs add column if not exists withdrawn_at timestamptz;
alter table cdp_meta.runs add column if not exists withdrawn_reason text;
