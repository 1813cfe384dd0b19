/** Activities (拜访、电话、…): upsert by external_id; the contact and opportunity, when given, must belong to the customer. */
import { activityDealError, activityDeals } from "../activities/deal-rule-store";
import { activitiesChanged } from "../readmodels/maintain";
import type { BulkColumns } from "./bulk";
import { selectByExternalId } from "./external-ids";
import { resolveCustomers } from "./customer-refs";
import { importViewer } from "./cash-rows";
import type { ParsedRow } from "./record";
import { type ChunkContext, type Counts, type KindWriter, type Plan, resolveOwner, upsert } from "./writer";

const COLUMNS: BulkColumns = [
  ["external_id", "text"],
  ["kind", "text"],
  ["customer_id", "int8"],
  ["contact_id", "int8"],
  ["opportunity_id", "int8"],
  ["owner_id", "int8"],
  ["subject", "text"],
  ["met_person", "text"],
  ["met_title", "text"],
  ["planned_at", "int8"],
  ["done_at", "int8"],
  ["outcome", "text"],
  ["next_follow_up_at", "int8"],
  ["created_at", "int8"],
  ["updated_at", "int8"],
];

type Ref = { id: number; external_id: string; customer_id: number };

async function refs(ctx: ChunkContext, table: string, rows: ParsedRow[], column: string): Promise<Map<string, Ref>> {
  const exts = rows.map((r) => r.values[column]).filter((e): e is string => typeof e === "string");
  const found = await selectByExternalId<Ref>(ctx.tx, table, "id, external_id, customer_id", exts);
  return new Map(found.map((r) => [r.external_id, { ...r, id: Number(r.id), customer_id: Number(r.customer_id) }]));
}

export const activitiesWriter: KindWriter = {
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const customers = await resolveCustomers(ctx, rows);
    const contacts = await refs(ctx, "contacts", rows, "contact_external_id");
    const opportunities = await refs(ctx, "opportunities", rows, "opportunity_external_id");
    // the deals the importing user sees (the rule createActivity applies, src/activities/deal-rule-store.ts)
    const viewer = opportunities.size ? importViewer(ctx, rows[0].row) : null;
    const seen = viewer
      ? await activityDeals(
          ctx.tx,
          viewer,
          [...opportunities.values()].map((o) => o.id),
        )
      : new Map();
    const plans: Plan[] = [];
    for (const { row, values: v } of rows) {
      const customer = customers.get(row);
      if (!customer) continue;
      const set: Plan["set"] = { external_id: String(v.external_id), kind: v.kind as string, customer_id: customer.id };
      if (v.created_at != null) set.created_at = v.created_at as number;
      const insert: Plan["insert"] = { created_at: ctx.now, updated_at: ctx.now };
      let ok = true;
      for (const [column, map, field] of [
        ["contact_external_id", contacts, "contact_id"],
        ["opportunity_external_id", opportunities, "opportunity_id"],
      ] as const) {
        if (v[column] === undefined) continue;
        if (v[column] === null) {
          set[field] = null;
          continue;
        }
        const ref = map.get(String(v[column]));
        // One answer for "no such record", "a record of another customer" and "a deal the importer does not see";
        // the customer was resolved among those the importer sees.
        const refused = !ref || (field === "opportunity_id" ? activityDealError(seen.get(ref.id), customer.id, true) : ref.customer_id !== customer.id);
        if (refused) {
          ctx.error(row, column, `unknown ${field.replace("_id", "")} of customer ${v.customer_external_id}: ${v[column]}`);
          ok = false;
        } else set[field] = ref!.id;
      }
      if (v.owner_email !== undefined) {
        const owner = resolveOwner(ctx, row, v.owner_email);
        if (owner == null) ok = false;
        else set.owner_id = owner;
      } else insert.owner_id = customer.ownerId;
      for (const k of ["subject", "met_person", "met_title", "planned_at", "done_at", "outcome", "next_follow_up_at"])
        if (v[k] !== undefined) set[k] = v[k] as string | number | null;
      if (ok) plans.push({ row, ext: String(v.external_id), set, insert });
    }
    const r = await upsert(
      ctx,
      { table: "activities", entity: "activity", columns: COLUMNS, versioned: true, ownerColumn: "owner_id", auditEach: true },
      plans,
    );
    if (ctx.canWrite())
      await activitiesChanged(
        ctx.tx,
        [...plans.map((p) => p.set.opportunity_id), ...r.updated.map((u) => u.before.opportunity_id)],
        [...plans.map((p) => p.set.customer_id), ...r.updated.map((u) => u.before.customer_id)],
      );
    return r.counts;
  },
};
