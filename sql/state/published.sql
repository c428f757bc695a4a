-- The published state, or no row before the first publish of this version; `complete`: its
-- tables are there (a person may have dropped one).
select
  run_id,
  to_char(as_of_date, 'YYYY-MM-DD') as as_of_date,
  version,
  capture_fingerprint,
  needs_full_reason,
  to_char(dated_from, 'YYYY-MM-DD') as dated_from,
  to_regclass('cdp_state.customer_360_base') is not null and to_regclass('cdp_state.customer_dirt') is not null as complete
from cdp_state.published
