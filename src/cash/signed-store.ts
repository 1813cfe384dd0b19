/**
 * The signed-customers report's SQL (issue 10): the counts and one page of customers in order of their first
 * contract. Without a contract-level filter it reads the per-customer read model (signed_customers, migration 300);
 * a filter by the contracts' owner or team (the contract's owner: its deal's, else its customer's), by contract or
 * by deal folds the visible contracts' rows of contract_cash instead. Both give the same columns (`g`), and "late"
 * is decided here against today: an instalment paid after its due day, or an open one due before today.
 */
import { type RawBuilder, sql } from "kysely";
import { visibleIds } from "../access/visible";
import type { Viewer } from "../access/viewer";
import type { Db } from "../db/connect";
import { inReportTx } from "../db/report-tx";
import { contractsCte } from "./reports-store";
import type { ContractFilter } from "./store";

export type SignCount = "contracted" | "signed" | "qualified";

export interface SignedRow {
  customerId: number;
  name: string;
  firstContractId: number;
  contracts: number;
  signed: boolean;
  qualified: boolean;
  late: boolean;
  collectedFen: number;
  outstandingFen: number;
}

export interface SignedPage {
  /** customers after this first contract id (the keyset position of the previous page) */
  after?: number;
  limit?: number;
  /** only the customers one count covers (signed includes the qualified, contracted includes both) */
  sign?: SignCount;
}

const n = (x: unknown) => Number(x ?? 0);

/** The per-customer columns g(customer_id, first_contract_id, contracts, signed, qualified, paid_late, open_due_day, collected_fen, outstanding_fen). */
function perCustomer(viewer: Viewer, f: ContractFilter): { g: RawBuilder<unknown>; named: boolean } {
  if (f.owner || f.team || f.id || f.opportunity || f.signedBefore)
    return {
      g: sql`select k.customer_id, min(k.customer_name) as name, min(k.id) as first_contract_id, count(*) as contracts, max(cc.signed) as signed,
          max(case when cc.fully_paid = 1 and cc.paid_late = 0 then 1 else 0 end) as qualified, max(cc.paid_late) as paid_late,
          min(cc.open_due_day) as open_due_day, sum(cc.collected_fen) as collected_fen, sum(cc.outstanding_fen) as outstanding_fen
        from contract_cash cc join (${contractsCte(viewer, f, { owner: false })}) k on k.id = cc.contract_id group by k.customer_id`,
      named: true,
    };
  const where = [sql`1 = 1`];
  const ids = visibleIds(viewer, "customer");
  if (ids) where.push(sql`s.customer_id in ${ids}`);
  if (f.customer) where.push(sql`s.customer_id = ${f.customer}`);
  // the columns named (no `*`): a statement with `*` is never prepared (src/db/connect.ts), so it was planned on every call
  return {
    g: sql`select s.customer_id, s.first_contract_id, s.contracts, s.signed, s.qualified, s.paid_late, s.open_due_day, s.collected_fen, s.outstanding_fen
      from signed_customers s where ${sql.join(where, sql` and `)}`,
    named: false,
  };
}

// an open due day of null (nothing open) is never late
const late = (today: number) => sql`(g.paid_late = 1 or coalesce(g.open_due_day, ${today}) < ${today})`;
const isQualified = (today: number) => sql`(g.signed = 1 and g.qualified = 1 and not ${late(today)})`;

/**
 * The three counts over every customer the filters keep (signed includes the qualified, contracted includes both),
 * and one page of the customers in order of their first contract with their flags (late as of `today`): two
 * queries in one report transaction.
 */
export async function signedCustomers(db: Db, viewer: Viewer, f: ContractFilter, today: number, page: SignedPage = {}) {
  const { g, named } = perCustomer(viewer, f);
  const counts = sql`select count(*) as contracted, coalesce(sum(g.signed), 0) as signed, coalesce(sum(case when ${isQualified(today)} then 1 else 0 end), 0) as qualified
      from (${g}) g`;
  const where = [sql`1 = 1`];
  if (page.after != null) where.push(sql`g.first_contract_id > ${page.after}`);
  if (page.sign === "signed") where.push(sql`g.signed = 1`);
  if (page.sign === "qualified") where.push(isQualified(today));
  const name = named ? sql`g.name` : sql`c.name`;
  const join = named ? sql`` : sql` join customers c on c.id = g.customer_id`;
  const limit = page.limit == null ? sql`` : sql` limit ${sql.lit(page.limit)}`;
  const list = sql`select g.customer_id, ${name} as name, g.first_contract_id, g.contracts, g.signed, g.qualified, case when ${late(today)} then 1 else 0 end as late,
        g.collected_fen, g.outstanding_fen
      from (${g}) g${join} where ${sql.join(where, sql` and `)} order by g.first_contract_id${limit}`;
  const [c, rows] = await inReportTx(
    db,
    process.env.REPORT_WORK_MEM || "64MB",
    async (tx) => [(await counts.execute(tx)).rows[0] as Record<string, unknown>, (await list.execute(tx)).rows as Array<Record<string, unknown>>] as const,
    { jitOff: true },
  );
  const customers: SignedRow[] = rows.map((x) => ({
    customerId: n(x.customer_id),
    name: String(x.name),
    firstContractId: n(x.first_contract_id),
    contracts: n(x.contracts),
    signed: n(x.signed) === 1,
    qualified: n(x.qualified) === 1,
    late: n(x.late) === 1,
    collectedFen: n(x.collected_fen),
    outstandingFen: n(x.outstanding_fen),
  }));
  return { counts: { contracted: n(c.contracted), signed: n(c.signed), qualified: n(c.qualified) } as Record<SignCount, number>, customers };
}
