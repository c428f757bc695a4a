-- The change log as this run sees it (search_path: the run's schema first), taken in prepare's
-- snapshot: publish deletes exactly these rows, so a change committed later stays for the next
-- run, and a run that never publishes leaves the log as it was.
create table consumed_changes as
select id, source, customer_ids, product_ids, full_reason
from cdp_meta.changes
