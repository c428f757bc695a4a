-- 500 sample products in 10 categories and 25 brands, whatever the customer count.
with draws as (
  select
    id,
    (hashint8extended(id, 201) & 4503599627370495)::float8 / 4503599627370496 as u_category,
    (hashint8extended(id, 202) & 4503599627370495)::float8 / 4503599627370496 as u_brand,
    (hashint8extended(id, 203) & 4503599627370495)::float8 / 4503599627370496 as u_price
  from generate_series(1, 500) as id
)
insert into product_catalog (product_id, product_name, category, brand, price)
select
  id,
  'Product ' || id,
  (array['Electronics', 'Clothing', 'Home', 'Garden', 'Sports', 'Beauty', 'Toys', 'Books',
         'Grocery', 'Automotive'])[1 + floor(u_category * 10)::integer],
  'Brand ' || chr(65 + floor(u_brand * 25)::integer),
  round((2 + power(u_price, 3) * 248)::numeric, 2)
from draws
