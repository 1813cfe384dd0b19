/**
 * Which audit entries a viewer may read, as one SQL condition for listing many (src/audit/visibility.ts answers for one record): entries of records the one access rule lets them see (customers,
 * opportunities and what hangs off them), of users their scope covers, and, for an admin, everything.
 */
import { type Expression, type SqlBool, sql } from "kysely";
import { coversUser, visible } from "../access/visible";
import { scopeOf, type Viewer } from "../access/viewer";

export function auditRowsVisible(viewer: Viewer, a = "a"): Expression<SqlBool> {
  if (viewer.role === "admin" || scopeOf(viewer) === "all") return sql<SqlBool>`1 = 1`;
  const entity = sql.ref(`${a}.entity`);
  const id = sql.ref(`${a}.entity_id`);
  const customers = sql`(select c.id from customers c where ${visible(viewer, "c.owner_id", "c.id", "customer")})`;
  const opps = sql`(select o.id from opportunities o where ${visible(viewer, "o.owner_id", "o.id", "opportunity")})`;
  return sql<SqlBool>`(
    (${entity} = 'customer' and ${id} in ${customers})
    or (${entity} = 'opportunity' and ${id} in ${opps})
    or (${entity} = 'contact' and ${id} in (select k.id from contacts k where k.customer_id in ${customers}))
    or (${entity} = 'activity' and ${id} in (select ac.id from activities ac where ${coversUser(viewer, "ac.owner_id")} or ac.customer_id in ${customers}))
    or (${entity} = 'quote' and ${id} in (select q.id from quotes q where q.opportunity_id in ${opps}))
    or (${entity} = 'contract' and ${id} in (select ct.id from contracts ct where ct.customer_id in ${customers}))
    or (${entity} = 'user' and ${coversUser(viewer, `${a}.entity_id`)}))`;
}
