-- About 10 purchases per customer (6% none), between registration and $1, the anchor date.
-- Popular products are bought more often; quantities 1..4.
with buyers as (
  select
    customer_id,
    registration_date,
    case when (hashint8extended(customer_id, 301) & 4503599627370495)::float8 / 4503599627370496 < 0.06
         then 0
         else 1 + floor((hashint8extended(customer_id, 302) & 4503599627370495)::float8 / 4503599627370496 * 20)::integer
    end as purchases
  from customer_info
), draws as (
  select
    b.customer_id::bigint * 32 + n as transaction_id,
    b.customer_id,
    b.registration_date,
    (hashint8extended(b.customer_id::bigint * 32 + n, 303) & 4503599627370495)::float8 / 4503599627370496 as u_product,
    (hashint8extended(b.customer_id::bigint * 32 + n, 304) & 4503599627370495)::float8 / 4503599627370496 as u_date,
    (hashint8extended(b.customer_id::bigint * 32 + n, 305) & 4503599627370495)::float8 / 4503599627370496 as u_quantity
  from buyers b
  cross join lateral generate_series(1, b.purchases) as n
)
insert into purchase_transactions
  (transaction_id, customer_id, product_id, purchase_date, quantity, total_amount)
select
  d.transaction_id,
  d.customer_id,
  p.product_id,
  d.registration_date + floor(d.u_date * ($1::date - d.registration_date + 1))::integer,
  1 + floor(power(d.u_quantity, 3) * 4)::integer,
  p.price * (1 + floor(power(d.u_quantity, 3) * 4)::integer)
from draws d
join product_catalog p on p.product_id = 1 + floor(power(d.u_product, 2) * 500)::integer
