-- What the consumed changes amount to, for the choice of mode: the reasons only a full run can
-- follow them, and the products whose category or brand changed.
select
  coalesce(array_agg(distinct full_reason) filter (where full_reason is not null), '{}') as full_reasons,
  (select count(distinct product_id) from consumed_changes, unnest(product_ids) as product_id)::integer as changed_products
from consumed_changes
