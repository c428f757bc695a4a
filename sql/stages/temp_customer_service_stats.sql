-- Seed 1.4: customer service interactions per customer.
-- Rows in customer order, the order publish joins in.
--
-- dq_* columns: this source's data-quality counts per customer_id, taken in the same pass and
-- summed by sql/quality/source_report.sql (total_interactions counts its rows); customer_360
-- does not read them.
create unlogged table temp_customer_service_stats as
select
  customer_id,
  count(*)::integer as total_interactions,
  avg(satisfaction_score) as avg_satisfaction_score,
  sum(case when resolution_status = 'Resolved' then 1 else 0 end)::integer as resolved_interactions,
  count(*) filter (where satisfaction_score not between 1 and 5)::integer as dq_satisfaction_out_of_range,
  -- Known statuses are the ones the feed documents; the seed counts only 'Resolved', so a
  -- misspelt 'resolved' (or NULL) is reported here rather than silently not counted.
  count(*) filter (
    where resolution_status is null
       or resolution_status not in ('Resolved', 'Pending', 'Escalated', 'Unresolved')
  )::integer as dq_unknown_resolution_status
from customer_service
group by customer_id
order by customer_id
