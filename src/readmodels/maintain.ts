/**
 * The one entry the write paths call after changing source rows, inside their transaction: which read models each
 * change touches. Opportunities (create, move, reopen, edit, import, history, merge, transfer, delete) → visits, facts,
 * reach, customers' first deals, forecast cells of their owners (before and after), their contracts' commission cells,
 * close-date changes (call it after the write's audit row: they are derived from it) and
 * the deal facts of their customers (before and after; a stage move of one opportunity is kept by the move statement
 * itself, src/opportunities/move-store.ts);
 * activities → facts of their opportunities and activity months of their customers (before and after); orders →
 * months of their customers (before and after); a stage's probability → deal facts of its customers and forecast cells of its open deals' owners.
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { refreshActivityMonths } from "./activity-months";
import { refreshCustomerDeals, refreshStageCustomers } from "./customer-deals";
import { refreshCloseDateChanges } from "./close-date-changes";
import { refreshCommissionOfDeals } from "./commission-cells";
import { refreshContractCash } from "./contract-cash";
import { refreshCustomerMonths } from "./customer-months";
import { refreshFirstDeals } from "./first-deals";
import { refreshForecastCells, refreshStageForecastCells } from "./forecast-cells";
import { refreshSignedCustomers } from "./signed-customers";
import { refreshFacts } from "./opportunity-facts";
import { refreshReach } from "./opportunity-reach";
import { refreshVisits, refreshVisitTeam } from "./stage-visits";

const ids = (xs: Iterable<unknown>): number[] =>
  [...xs]
    .filter((x) => x != null)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

export async function opportunitiesChanged(tx: DbOrTx, opportunityIds: Iterable<unknown>): Promise<void> {
  const list = ids(opportunityIds);
  if (!list.length) return;
  // the customers the opportunities belonged to (their facts rows, before refreshFacts rewrites them) and belong to now
  const inList = sql.join(list.map((i) => sql.lit(i)));
  const owners = await sql<{ c: number | null }>`select customer_id as c from opportunity_facts where opportunity_id in (${inList})
    union select customer_id as c from opportunities where id in (${inList})`.execute(tx);
  // the owners they had (their facts rows, before refreshFacts rewrites them) and have now: their forecast cells
  const sellers = await sql<{ o: number | null }>`select owner_id as o from opportunity_facts where opportunity_id in (${inList})
    union select owner_id as o from opportunities where id in (${inList})`.execute(tx);
  await refreshForecastCells(tx, ids(sellers.rows.map((r) => r.o)));
  await refreshVisits(tx, list);
  await refreshFacts(tx, list);
  await refreshReach(tx, list);
  await refreshFirstDeals(tx, list);
  await refreshCustomerDeals(tx, ids(owners.rows.map((r) => r.c)));
  await refreshCloseDateChanges(tx, list);
  // a deal's new owner takes its contracts' commission (cut in the organisation's zone, as config.TZ_ORG reads it)
  await refreshCommissionOfDeals(tx, list, process.env.TZ_ORG || "Asia/Shanghai");
}

/** After activities were written: the opportunity ids and the customer ids they had before and have now. */
export async function activitiesChanged(tx: DbOrTx, opportunityIds: Iterable<unknown>, customerIds: Iterable<unknown>): Promise<void> {
  const list = ids(opportunityIds);
  if (list.length) await refreshFacts(tx, list);
  await refreshActivityMonths(tx, ids(customerIds));
}

/** After stages' probabilities changed: the open pipeline of their customers is weighted anew. */
export async function stageProbabilityChanged(tx: DbOrTx, stageIds: Iterable<unknown>): Promise<void> {
  await refreshStageCustomers(tx, ids(stageIds));
  await refreshStageForecastCells(tx, ids(stageIds));
}

/** After orders were written: pass the customer ids they had before and have now. */
export async function ordersChanged(tx: DbOrTx, customerIds: Iterable<unknown>): Promise<void> {
  const list = ids(customerIds);
  if (list.length) await refreshCustomerMonths(tx, list);
}

/** After a user's team changed: their visits carry the team they are in now. */
export async function userTeamChanged(tx: DbOrTx, userId: number): Promise<void> {
  await refreshVisitTeam(tx, userId);
}

/** After contracts moved between customers (a merge): pass both customers' ids. */
export async function contractCustomersChanged(tx: DbOrTx, customerIds: Iterable<unknown>): Promise<void> {
  const list = ids(customerIds);
  if (list.length) await refreshSignedCustomers(tx, list);
}

/** After contracts, their schedules or payments were written: pass the contracts' ids and the organisation's zone. */
export async function contractsChanged(tx: DbOrTx, contractIds: Iterable<unknown>, tz: string): Promise<void> {
  const list = ids(contractIds);
  if (list.length) await refreshContractCash(tx, list, tz);
}
