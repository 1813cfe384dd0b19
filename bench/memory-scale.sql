-- A team-demo copy scaled up in SQL to 200,000 customers and 10,000,000 orders for bench/memory.ts (docs/benchmarks.md,
-- "Server memory"): createdb -T jindou_bench_team jindou_ent_memory; psql -f bench/memory-scale.sql; then
-- node dist/cli/main.js rebuild orders --database <url>. Opportunities and activities stay at team size.
set maintenance_work_mem='1GB';
drop index if exists customers_credit_code_trgm, customers_external_id_trgm, customers_name_trgm, customers_search_pinyin_trgm;
insert into customers (id, external_id, name, name_norm, credit_code, industry, region, size_band, channel, owner_id, credit_rating, prospect_rating, lifecycle_stage, priority, tags, notes, duplicate_of, next_follow_up_date, created_at, updated_at, version, pool_id, owner_since, locked, previous_owner_id, pooled_at, priority_source, search_pinyin)
select c.id + k*2000, c.external_id || '-' || k, c.name || k, c.name_norm || k, case when c.credit_code is null then null else c.credit_code || '-' || k end, industry, region, size_band, channel, owner_id, credit_rating, prospect_rating, lifecycle_stage, priority, tags, notes, null, next_follow_up_date, created_at, updated_at, version, pool_id, owner_since, locked, previous_owner_id, pooled_at, priority_source, search_pinyin
from customers c, generate_series(1,99) k;
select setval('customers_id_seq', (select max(id) from customers));
drop index if exists orders_at, orders_customer_at, orders_product;
alter table orders drop constraint orders_external_id_key;
insert into orders (id, external_id, customer_id, opportunity_id, ordered_at, amount_fen, cost_fen, units, product, created_at, product_id)
select o.id + j*50000, null, o.customer_id + (j % 100)*2000, null, o.ordered_at - (j / 100) * 86400000 * 3, amount_fen, cost_fen, units, product, created_at, product_id
from orders o, generate_series(1,199) j;
select setval('orders_id_seq', (select max(id) from orders));
create index orders_at on orders (ordered_at);
create index orders_customer_at on orders (customer_id, ordered_at);
create index orders_product on orders (product_id, customer_id);
alter table orders add constraint orders_external_id_key unique (external_id);
create index customers_name_trgm on customers using gin (lower(name) gin_trgm_ops);
create index customers_external_id_trgm on customers using gin (lower(external_id) gin_trgm_ops);
create index customers_credit_code_trgm on customers using gin (lower(credit_code) gin_trgm_ops);
create index customers_search_pinyin_trgm on customers using gin (lower(search_pinyin) gin_trgm_ops);
vacuum analyze customers;
vacuum analyze orders;
