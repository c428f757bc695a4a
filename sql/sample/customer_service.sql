-- About 2 service interactions per customer (20% none). $1: the anchor date.
with callers as (
  select
    customer_id,
    registration_date,
    case when (hashint8extended(customer_id, 401) & 4503599627370495)::float8 / 4503599627370496 < 0.2
         then 0
         else 1 + floor((hashint8extended(customer_id, 402) & 4503599627370495)::float8 / 4503599627370496 * 4)::integer
    end as interactions
  from customer_info
), draws as (
  select
    c.customer_id::bigint * 8 + n as interaction_id,
    c.customer_id,
    c.registration_date,
    (hashint8extended(c.customer_id::bigint * 8 + n, 403) & 4503599627370495)::float8 / 4503599627370496 as u_date,
    (hashint8extended(c.customer_id::bigint * 8 + n, 404) & 4503599627370495)::float8 / 4503599627370496 as u_type,
    (hashint8extended(c.customer_id::bigint * 8 + n, 405) & 4503599627370495)::float8 / 4503599627370496 as u_score,
    (hashint8extended(c.customer_id::bigint * 8 + n, 406) & 4503599627370495)::float8 / 4503599627370496 as u_resolution
  from callers c
  cross join lateral generate_series(1, c.interactions) as n
)
insert into customer_service
  (interaction_id, customer_id, interaction_date, interaction_type, satisfaction_score, resolution_status)
select
  interaction_id,
  customer_id,
  registration_date + floor(u_date * ($1::date - registration_date + 1))::integer,
  (array['Phone', 'Email', 'Chat', 'In-Store'])[1 + floor(u_type * 4)::integer],
  -- 5% of interactions were never scored.
  case when u_score < 0.05 then null else 1 + floor((u_score - 0.05) / 0.95 * 5)::integer end,
  case when u_resolution < 0.65 then 'Resolved'
       when u_resolution < 0.85 then 'Pending'
       when u_resolution < 0.95 then 'Escalated'
       else 'Unresolved' end
from draws
