-- The published state, or no row before the first publish of this version.
select
  run_id,
  to_char(as_of_date, 'YYYY-MM-DD') as as_of_date,
  version,
  capture_fingerprint,
  needs_full_reason,
  customers
from cdp_state.published
