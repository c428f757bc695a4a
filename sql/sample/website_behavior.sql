-- About 15 web sessions per customer (10% none). $1: the anchor date.
with visitors as (
  select
    customer_id,
    registration_date,
    case when (hashint8extended(customer_id, 601) & 4503599627370495)::float8 / 4503599627370496 < 0.1
         then 0
         else 1 + floor((hashint8extended(customer_id, 602) & 4503599627370495)::float8 / 4503599627370496 * 32)::integer
    end as sessions
  from customer_info
), draws as (
  select
    v.customer_id::bigint * 64 + n as session_id,
    v.customer_id,
    v.registration_date,
    (hashint8extended(v.customer_id::bigint * 64 + n, 603) & 4503599627370495)::float8 / 4503599627370496 as u_date,
    (hashint8extended(v.customer_id::bigint * 64 + n, 604) & 4503599627370495)::float8 / 4503599627370496 as u_pages,
    (hashint8extended(v.customer_id::bigint * 64 + n, 605) & 4503599627370495)::float8 / 4503599627370496 as u_time
  from visitors v
  cross join lateral generate_series(1, v.sessions) as n
)
insert into website_behavior (session_id, customer_id, visit_date, pages_viewed, time_spent)
select
  session_id,
  customer_id,
  registration_date + floor(u_date * ($1::date - registration_date + 1))::integer,
  1 + floor(power(u_pages, 2) * 25)::integer,
  10 + floor(u_time * 1790)::integer
from draws
