-- The seed session: its CREATE TABLE goes to cdp_bench_seed, its sources come from public, and
-- its CURRENT_DATE is the date the pipeline's run of the same pair takes as its as-of date.
select
  set_config('search_path', 'cdp_bench_seed, public', false) as search_path,
  to_char(current_date, 'YYYY-MM-DD') as today
