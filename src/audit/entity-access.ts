/**
 * For every audited entity whose rows belong to someone: which of its rows the viewer may see, as a subquery of ids
 * built from the one access rule (src/access/visible.ts). Child records follow their customer or opportunity; people
 * and forecast submissions follow the person; targets and departments follow the department tree. One table serves
 * both the check of one record (visibility.ts) and the audit list's condition (rows-visible.ts).
 */
import { type RawBuilder, sql } from "kysely";
import { coversDepartment, coversUser, visible } from "../access/visible";
import type { Viewer } from "../access/viewer";
import { targetReadable } from "../access/targets";

export interface EntityAccess {
  /** the table holding the entity's rows (to tell a deleted record from an invisible one) */
  table: string;
  /** `(select id from … where <visible>)`: the ids of the rows the viewer may see */
  visibleIds(viewer: Viewer): RawBuilder<unknown>;
}

const customers = (v: Viewer) => sql`(select c.id from customers c where ${visible(v, "c.owner_id", "c.id", "customer")})`;
const opportunities = (v: Viewer) => sql`(select o.id from opportunities o where ${visible(v, "o.owner_id", "o.id", "opportunity")})`;
/** rows of `table` whose `col` is a visible customer */
const ofCustomer = (table: string, col = "customer_id"): EntityAccess => ({
  table,
  visibleIds: (v) => sql`(select x.id from ${sql.table(table)} x where ${sql.ref(`x.${col}`)} in ${customers(v)})`,
});

export const ENTITY_ACCESS: Record<string, EntityAccess> = {
  customer: { table: "customers", visibleIds: customers },
  opportunity: { table: "opportunities", visibleIds: opportunities },
  contact: ofCustomer("contacts"),
  satisfaction: ofCustomer("satisfaction"),
  contract: ofCustomer("contracts"),
  activity: {
    table: "activities",
    visibleIds: (v) => sql`(select x.id from activities x where ${coversUser(v, "x.owner_id")} or x.customer_id in ${customers(v)})`,
  },
  quote: { table: "quotes", visibleIds: (v) => sql`(select x.id from quotes x where x.opportunity_id in ${opportunities(v)})` },
  payment: {
    table: "payments",
    visibleIds: (v) => sql`(select x.id from payments x where x.contract_id in (select k.id from contracts k where k.customer_id in ${customers(v)}))`,
  },
  forecast_submission: { table: "forecast_submissions", visibleIds: (v) => sql`(select x.id from forecast_submissions x where ${coversUser(v, "x.user_id")})` },
  user: { table: "users", visibleIds: (v) => sql`(select x.id from users x where ${coversUser(v, "x.id")})` },
  department: { table: "departments", visibleIds: (v) => sql`(select x.id from departments x where ${coversDepartment(v, "x.id")})` },
  // migration 070 made every team a department with the same id
  team: { table: "teams", visibleIds: (v) => sql`(select x.id from teams x where ${coversDepartment(v, "x.id")} or x.id = ${v.teamId ?? -1})` },
  target: { table: "targets", visibleIds: (v) => sql`(select x.id from targets x where ${targetReadable(v, "x")})` },
};
