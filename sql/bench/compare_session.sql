-- The comparison is not timed: it may use memory freely (is_local: for its transaction only).
select set_config('work_mem', '256MB', true)
