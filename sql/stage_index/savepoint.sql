-- Before temp_customer_basic's unique index is built: a customer_info repeating a customer fails
-- the build, and rolling back to here keeps the stage's transaction for the plain index.
savepoint stage_index
