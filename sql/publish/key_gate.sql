-- The gate customer_id_unique_not_null, counted only when the primary key could not be built
-- (core/gates.ts): customer_id is the table's key. Offending: rows with a null id plus rows
-- repeating an id (customer_info without a key can hold either; the seed's SQL would pass both
-- through).
select (count(*) - count(distinct customer_id))::integer as customer_id_unique_not_null
from customer_360
