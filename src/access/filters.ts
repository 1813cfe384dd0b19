/** The filter dimensions shared by lists, exports and reports (owner, team, pipeline, source, tier), as SQL conditions. */
import { type Expression, type SqlBool, sql } from "kysely";
import { z } from "zod";

export const CommonFilters = z.object({
  owner: z.coerce.number().int().positive().optional(),
  team: z.coerce.number().int().positive().optional(),
  pipeline: z.coerce.number().int().positive().optional(),
  source: z.string().max(40).optional(),
  /** "scheme:tier", e.g. "abc:A" or "pyramid:top" — the customer's latest assignment in that scheme */
  tier: z
    .string()
    .regex(/^[a-z_]+:[\w-]+$/, "tier must look like scheme:tier, e.g. abc:A")
    .optional(),
  /** a catalogue product id: opportunities with a line of it; customers (tiering) with an order of it */
  product: z.coerce.number().int().positive().optional(),
});
export type CommonFilters = z.infer<typeof CommonFilters>;

export interface FilterColumns {
  owner: string;
  customer?: string;
  pipeline?: string;
  source?: string;
  /** the opportunity id column, where the product filter looks for line items (else it looks at the customer's orders) */
  opportunity?: string;
}

/** Conditions for the given filters; columns name where each dimension lives in the query. */
export function filterConditions(f: CommonFilters, cols: FilterColumns): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (f.owner) out.push(sql<SqlBool>`${sql.ref(cols.owner)} = ${f.owner}`);
  if (f.team) out.push(sql<SqlBool>`${sql.ref(cols.owner)} in (select tu.id from users tu where tu.team_id = ${f.team})`);
  if (f.pipeline && cols.pipeline) out.push(sql<SqlBool>`${sql.ref(cols.pipeline)} = ${f.pipeline}`);
  if (f.source && cols.source) out.push(sql<SqlBool>`${sql.ref(cols.source)} = ${f.source}`);
  if (f.tier && cols.customer) {
    const [scheme, tier] = f.tier.split(":");
    out.push(sql<SqlBool>`${sql.ref(cols.customer)} in (
      select ta.customer_id from tier_assignments ta
      where ta.scheme = ${scheme} and ta.tier = ${tier}
        and ta.computed_at = (select max(tb.computed_at) from tier_assignments tb where tb.customer_id = ta.customer_id and tb.scheme = ta.scheme))`);
  }
  if (f.product && cols.opportunity)
    out.push(sql<SqlBool>`${sql.ref(cols.opportunity)} in (select fl.opportunity_id from opportunity_lines fl where fl.product_id = ${f.product})`);
  else if (f.product && cols.customer)
    out.push(sql<SqlBool>`${sql.ref(cols.customer)} in (select fo.customer_id from orders fo where fo.product_id = ${f.product})`);
  return out;
}
