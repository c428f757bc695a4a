-- Seed 1.3: each customer's favourite category and brand, the pair bought most often.
-- Departure: the seed's ROW_NUMBER picks arbitrarily among ties; here a tie goes to the pair
-- bought most recently, then to the first by name in byte order (so every server agrees).
-- Each pair is numbered once, in that name order, so the purchases are sorted by two integers
-- rather than two strings, and the winner is the largest [count, last purchase, -pair_no]
-- (arrays compare element by element) instead of a window over a second sort
-- (docs/performance.md).
-- dq_unknown_product: purchases of a product the catalog does not list (or a NULL one), which
-- the seed's inner join leaves out; they are kept here as pair NULL only to be counted.
create unlogged table temp_product_preferences as
with pairs as (
  select
    category,
    brand,
    row_number() over (order by category collate "C" nulls last, brand collate "C" nulls last)::integer as pair_no
  from (select distinct category, brand from product_catalog) distinct_pairs
), product_pairs as (
  -- One row per catalog row, as the seed's join reads them: a product listed twice counts twice.
  select pc.product_id, p.pair_no
  from product_catalog pc
  join pairs p on p.category is not distinct from pc.category and p.brand is not distinct from pc.brand
), product_counts as (
  select
    pt.customer_id,
    pp.pair_no,
    count(*) as purchase_count,
    max(pt.purchase_date) as last_purchase_date
  from purchase_transactions pt
  left join product_pairs pp on pt.product_id = pp.product_id
  group by pt.customer_id, pp.pair_no
), favourites as (
  select
    customer_id,
    -- A NULL date ranks below every date: days since 2000-01-01, or the smallest integer.
    -(max(array[
        purchase_count,
        coalesce(last_purchase_date - date '2000-01-01', -2147483648),
        -pair_no
      ]) filter (where pair_no is not null))[3] as pair_no,
    coalesce(sum(purchase_count) filter (where pair_no is null), 0)::integer as dq_unknown_product
  from product_counts
  group by customer_id
)
select
  f.customer_id,
  p.category as favorite_category,
  p.brand as favorite_brand,
  f.dq_unknown_product
from favourites f
left join pairs p on p.pair_no = f.pair_no
order by f.customer_id
