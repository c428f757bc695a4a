-- Seed 1.3: favourite category and brand, the (category, brand) pair bought most often.
-- Departure: the seed's ROW_NUMBER picks arbitrarily among ties; here a tie goes to the pair
-- bought most recently, then to the first by name (byte order, so every server agrees).
-- $1 is unused: preferences do not depend on the as-of date.
create unlogged table temp_product_preferences as
with product_counts as (
  select
    pt.customer_id,
    pc.category,
    pc.brand,
    count(*) as purchase_count,
    max(pt.purchase_date) as last_purchase_date
  from purchase_transactions pt
  join product_catalog pc on pt.product_id = pc.product_id
  group by pt.customer_id, pc.category, pc.brand
)
select distinct on (customer_id)
  customer_id,
  category as favorite_category,
  brand as favorite_brand
from product_counts
order by
  customer_id,
  purchase_count desc,
  last_purchase_date desc nulls last,
  category collate "C" nulls last,
  brand collate "C" nulls last
