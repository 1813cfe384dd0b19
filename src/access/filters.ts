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
  /** "key:value" — the customer's custom field (select: the option key; yes/no: true/false), e.g. "region:east" (issue 12) */
  custom: z
    .string()
    .max(200)
    .regex(/^[a-z][a-z0-9_]*:.+$/, "custom must look like key:value, e.g. region:east")
    .optional(),
});
export type CommonFilters = z.infer<typeof CommonFilters>;

export interface FilterColumns {
  /** the owner column, or an expression (a contract's owner is its deal's owner, else its customer's) */
  owner: string | Expression<unknown>;
  customer?: string;
  pipeline?: string;
  source?: string;
  /** the opportunity id column, where the product filter looks for line items (else it looks at the customer's orders) */
  opportunity?: string;
  /** the quote id column: the product filter looks at the quote's own lines (before the opportunity's or the customer's) */
  quote?: string;
}

/** Where each dimension lives in a query over `opportunities as o` (the product filter looks at the deal's line items). */
export const OPPORTUNITY_FILTER_COLUMNS: FilterColumns = {
  owner: "o.owner_id",
  customer: "o.customer_id",
  pipeline: "o.pipeline_id",
  source: "o.source",
  opportunity: "o.id",
};

/** Conditions for the given filters; columns name where each dimension lives in the query. */
export function filterConditions(f: CommonFilters, cols: FilterColumns): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  const owner = typeof cols.owner === "string" ? sql.ref(cols.owner) : cols.owner;
  if (f.owner) out.push(sql<SqlBool>`${owner} = ${f.owner}`);
  if (f.team) out.push(sql<SqlBool>`${owner} in (select tu.id from users tu where tu.team_id = ${f.team})`);
  if (f.pipeline && cols.pipeline) out.push(sql<SqlBool>`${sql.ref(cols.pipeline)} = ${f.pipeline}`);
  if (f.source && cols.source) out.push(sql<SqlBool>`${sql.ref(cols.source)} = ${f.source}`);
  if (f.tier && cols.customer) {
    const [scheme, tier] = f.tier.split(":");
    out.push(sql<SqlBool>`${sql.ref(cols.customer)} in (
      select ta.customer_id from tier_assignments ta
      where ta.scheme = ${scheme} and ta.tier = ${tier}
        and ta.computed_at = (select max(tb.computed_at) from tier_assignments tb where tb.customer_id = ta.customer_id and tb.scheme = ta.scheme))`);
  }
  if (f.product && cols.quote) out.push(sql<SqlBool>`${sql.ref(cols.quote)} in (select ql.quote_id from quote_lines ql where ql.product_id = ${f.product})`);
  else if (f.product && cols.opportunity)
    out.push(sql<SqlBool>`${sql.ref(cols.opportunity)} in (select fl.opportunity_id from opportunity_lines fl where fl.product_id = ${f.product})`);
  else if (f.product && cols.customer)
    out.push(sql<SqlBool>`${sql.ref(cols.customer)} in (select fo.customer_id from orders fo where fo.product_id = ${f.product})`);
  if (f.custom && cols.customer) out.push(customerCustomField(cols.customer, f.custom));
  return out;
}

/** Customers whose custom field `key` holds `value` (text, date or option key; a number, user id or yes/no by its number). */
function customerCustomField(customerCol: string, filter: string): Expression<SqlBool> {
  const i = filter.indexOf(":");
  const key = filter.slice(0, i);
  const value = filter.slice(i + 1);
  const flag = ({ true: 1, yes: 1, 是: 1, false: 0, no: 0, 否: 0 } as Record<string, number>)[value.toLowerCase()];
  const num = flag ?? (Number.isFinite(Number(value)) && value.trim() !== "" ? Number(value) : null);
  return sql<SqlBool>`${sql.ref(customerCol)} in (
      select cv.record_id from custom_values cv inner join custom_fields cd on cd.id = cv.field_id
      where cd.entity = 'customer' and cd.key = ${key} and (cv.text_value = ${value} or cv.num_value = ${num}))`;
}
