-- Settings of one prepare, stage or publish transaction (is_local = true: they end with it).
-- $1 search_path, $2 work_mem, $3 statement_timeout in ms.
-- No JIT: every statement pays for its compile, and the whole run measured no faster with it
-- (docs/performance.md).
select
  set_config('search_path', $1, true),
  set_config('work_mem', $2, true),
  set_config('statement_timeout', $3, true),
  set_config('jit', 'off', true)
