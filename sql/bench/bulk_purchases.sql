-- `cdp bench --writers`: a bulk load of $1 purchases in one statement, of existing customers,
-- with ids above every existing one (removed again by delete_bench_purchases.sql).
insert into purchase_transactions (transaction_id, customer_id, product_id, purchase_date, quantity, total_amount)
select 9000000000 + n, 1 + (n * 7919) % $2::integer, 1 + n % 500, date '2026-01-01' + (n % 300)::integer, 1, 10.00
from generate_series(1, $1::integer) as n
