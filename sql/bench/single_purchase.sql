-- `cdp bench --writers`: one purchase, as an application writes them one at a time.
-- $1 transaction id (above every existing one), $2 customer.
insert into purchase_transactions (transaction_id, customer_id, product_id, purchase_date, quantity, total_amount)
values (9000000000 + $1::bigint, $2::integer, 7, date '2026-06-01', 1, 10.00)
