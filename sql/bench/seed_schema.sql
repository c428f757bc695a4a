-- Where the seed's CREATE TABLE customer_360 lands: a schema of the bench's own, ahead of
-- public in the seed session's search_path, so it never meets the pipeline's public.customer_360.
create schema if not exists cdp_bench_seed;
drop table if exists cdp_bench_seed.customer_360;
