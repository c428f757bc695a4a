-- temp_customer_basic repeats a customer: back to sql/stage_index/savepoint.sql, the table unindexed.
rollback to savepoint stage_index
