-- Seed 1.4: customer service interactions per customer.
-- dq_* columns: this source's dirty rows per customer, for the data-quality report
-- (sql/publish/create_customer_dirt.sql). Known statuses are the ones the feed documents: the
-- seed counts only 'Resolved', so a misspelt 'resolved' (or NULL) is reported rather than
-- silently counted as unresolved.
create unlogged table temp_customer_service_stats as
select
  customer_id,
  count(*)::integer as total_interactions,
  avg(satisfaction_score) as avg_satisfaction_score,
  sum(case when resolution_status = 'Resolved' then 1 else 0 end)::integer as resolved_interactions,
  count(*) filter (where satisfaction_score not between 1 and 5)::integer as dq_satisfaction_out_of_range,
  count(*) filter (
    where resolution_status is null
       or resolution_status not in ('Resolved', 'Pending', 'Escalated', 'Unresolved')
  )::integer as dq_unknown_resolution_status
from customer_service
group by customer_id
order by customer_id
