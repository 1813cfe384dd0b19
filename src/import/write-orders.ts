/**
 * Orders: upsert by external_id (derived from the row when the file has none, as in the CDNOW sample). With
 * `createCustomers`, an unknown customer_external_id gets a bare customer named after it, owned by the importer.
 */
import { ordersChanged } from "../readmodels/maintain";
import { normaliseName } from "../customers/normalise";
import { type BulkColumns, insertRows } from "./bulk";
import { customersByExternalId } from "./lookups";
import type { ParsedRow } from "./record";
import { AUDIT_COLUMNS, type ChunkContext, type Counts, type KindWriter, type Plan, upsert } from "./writer";

const COLUMNS: BulkColumns = [
  ["external_id", "text"], ["customer_id", "int8"], ["ordered_at", "int8"], ["amount_fen", "int8"], ["cost_fen", "int8"],
  ["units", "int8"], ["product", "text"], ["created_at", "int8"],
];

export const ordersWriter: KindWriter = {
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const refs = rows.map((r) => String(r.values.customer_external_id));
    const customers = await customersByExternalId(ctx.tx, ctx.lookups, refs);
    if (ctx.createCustomers) await createMissing(ctx, refs.filter((e) => !customers.has(e)), customers);
    const plans: Plan[] = [];
    for (const { row, values: v } of rows) {
      const customer = customers.get(String(v.customer_external_id));
      if (!customer) { ctx.error(row, "customer_external_id", `unknown customer: ${v.customer_external_id}${ctx.createCustomers ? "" : " (import customers first, or use --create-customers)"}`); continue; }
      const set: Plan["set"] = { external_id: String(v.external_id), customer_id: customer.id, ordered_at: v.ordered_at as number, amount_fen: v.amount as number };
      if (v.cost !== undefined) set.cost_fen = (v.cost as number | null) ?? 0;
      if (v.units !== undefined) set.units = (v.units as number | null) ?? 0;
      if (v.product !== undefined) set.product = v.product as string | null;
      plans.push({ row, ext: String(v.external_id), set, insert: { cost_fen: 0, units: 0, created_at: ctx.now } });
    }
    const r = await upsert(ctx, { table: "orders", entity: "order", columns: COLUMNS, versioned: false, auditEach: false }, plans);
    if (ctx.canWrite()) await ordersChanged(ctx.tx, [...plans.map((p) => p.set.customer_id), ...r.updated.map((u) => u.before.customer_id)]);
    return r.counts;
  },
};

async function createMissing(ctx: ChunkContext, exts: string[], into: Map<string, { id: number; ownerId: number }>) {
  const owner = ctx.lookups.actor.id;
  const missing = [...new Set(exts)];
  if (!missing.length || owner == null || !ctx.canWrite()) {
    // Validation only: pretend they exist so the rows are checked and counted.
    for (const e of missing) if (owner != null) into.set(e, { id: 0, ownerId: owner });
    return;
  }
  const ids = await insertRows(ctx.tx, "customers",
    [["external_id", "text"], ["name", "text"], ["name_norm", "text"], ["owner_id", "int8"], ["tags", "text"], ["created_at", "int8"], ["updated_at", "int8"]],
    missing.map((e) => [e, e, normaliseName(e), owner, "[]", ctx.now, ctx.now]), ["id"]);
  missing.forEach((e, i) => into.set(e, { id: Number(ids[i].id), ownerId: owner }));
  await insertRows(ctx.tx, "audit_log", AUDIT_COLUMNS, missing.map((e, i) =>
    [owner, "customer", Number(ids[i].id), "import", JSON.stringify({ run: ctx.runId, external_id: e, created_for: "orders" }), ctx.now]));
}
