-- Customers per segment and status of the published table, for the run's summary.
select 'segment' as dimension, customer_segment as value, count(*)::integer as customers
from customer_360 group by customer_segment
union all
select 'status', customer_status, count(*)::integer
from customer_360 group by customer_status
order by 1, 2
