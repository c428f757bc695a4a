-- Settings of one prepare, stage or publish transaction (is_local = true: they end with it).
-- $1 search_path, $2 work_mem, $3 statement_timeout in ms.
-- No JIT: compiling a statement's expressions costs up to a second of CPU per statement (the
-- planner asks for it on every statement over a few thousand rows) and measured no faster on
-- these scans and aggregates at a million customers (README, "Performance").
select
  set_config('search_path', $1, true),
  set_config('work_mem', $2, true),
  set_config('statement_timeout', $3, true),
  set_config('jit', 'off', true)
