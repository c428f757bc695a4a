-- A full run's summary counts (sql/publish/summary.sql): its customers per segment and last
-- purchase date, from its published rows (search_path: the run's schema first).
create table summary_counts as
select customer_segment, last_purchase_date, count(*) as customers
from customer_360_base
group by customer_segment, last_purchase_date
