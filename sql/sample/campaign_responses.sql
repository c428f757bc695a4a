-- About 5 campaign responses per customer (15% none) over 40 campaigns; a customer may respond
-- to one campaign more than once. $1: the anchor date.
with audience as (
  select
    customer_id,
    registration_date,
    case when (hashint8extended(customer_id, 501) & 4503599627370495)::float8 / 4503599627370496 < 0.15
         then 0
         else 1 + floor((hashint8extended(customer_id, 502) & 4503599627370495)::float8 / 4503599627370496 * 11)::integer
    end as responses
  from customer_info
), draws as (
  select
    a.customer_id::bigint * 16 + n as response_id,
    a.customer_id,
    a.registration_date,
    (hashint8extended(a.customer_id::bigint * 16 + n, 503) & 4503599627370495)::float8 / 4503599627370496 as u_campaign,
    (hashint8extended(a.customer_id::bigint * 16 + n, 504) & 4503599627370495)::float8 / 4503599627370496 as u_date,
    (hashint8extended(a.customer_id::bigint * 16 + n, 505) & 4503599627370495)::float8 / 4503599627370496 as u_type
  from audience a
  cross join lateral generate_series(1, a.responses) as n
)
insert into campaign_responses (response_id, customer_id, campaign_id, response_date, response_type)
select
  response_id,
  customer_id,
  1 + floor(power(u_campaign, 1.3) * 40)::integer,
  registration_date + floor(u_date * ($1::date - registration_date + 1))::integer,
  case when u_type < 0.45 then 'Open'
       when u_type < 0.75 then 'Click'
       when u_type < 0.90 then 'Conversion'
       else 'Unsubscribe' end
from draws
