/**
 * The SQL of one customer's deal facts (customer_deal_facts, migration 270) as text, shared by the maintenance of
 * src/readmodels/customer-deals.ts and the one-statement moves (PostgreSQL's CTE in src/opportunities/move-store.ts,
 * SQLite's trigger in src/db/move-trigger.ts), so every path derives a customer's row the same way.
 */

export const DEAL_FACT_COLUMNS = "customer_id, won, lost, open_count, open_amount_fen, open_weighted_pct, max_probability, earliest_close";

/** Opportunity rows as the aggregate reads them: customer_id, status, amount_fen, p (probability, percent), expected_close_date. */
export const dealRowsSql = (where: string): string =>
  `select o.customer_id, o.status, o.amount_fen, coalesce(o.probability_override, s.probability) as p, o.expected_close_date
   from opportunities o join stages s on s.id = o.stage_id where ${where}`;

/** One row per customer of `rows` (a relation shaped as dealRowsSql's), in DEAL_FACT_COLUMNS order. */
export const dealFactsSql = (rows: string): string =>
  `select x.customer_id,
     sum(case when x.status = 'won' then 1 else 0 end), sum(case when x.status = 'lost' then 1 else 0 end),
     sum(case when x.status = 'open' then 1 else 0 end), coalesce(sum(case when x.status = 'open' then x.amount_fen else 0 end), 0),
     coalesce(sum(case when x.status = 'open' then x.amount_fen * x.p else 0 end), 0),
     max(case when x.status = 'open' then x.p end), min(case when x.status = 'open' then x.expected_close_date end)
   from (${rows}) x where x.customer_id is not null group by x.customer_id`;

/** The upsert's update list (the move statements write the moved customer's row over its old one). */
export const DEAL_FACT_UPDATE =
  "won = excluded.won, lost = excluded.lost, open_count = excluded.open_count, open_amount_fen = excluded.open_amount_fen, " +
  "open_weighted_pct = excluded.open_weighted_pct, max_probability = excluded.max_probability, earliest_close = excluded.earliest_close";
