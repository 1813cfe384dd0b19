/**
 * Orders: upsert by external_id (derived from the row when the file has none, as in the CDNOW sample). With
 * `createCustomers`, an unknown customer_external_id gets a bare customer named after it, owned by the importer.
 */
import { ordersChanged } from "../readmodels/maintain";
import type { BulkColumns } from "./bulk";
import { resolveCustomers } from "./customer-refs";
import { productsByCodeOrName } from "./product-refs-store";
import type { ParsedRow } from "./record";
import { type ChunkContext, type Counts, type KindWriter, type Plan, upsert } from "./writer";

const COLUMNS: BulkColumns = [
  ["external_id", "text"],
  ["customer_id", "int8"],
  ["ordered_at", "int8"],
  ["amount_fen", "int8"],
  ["cost_fen", "int8"],
  ["units", "int8"],
  ["product", "text"],
  ["created_at", "int8"],
  ["product_id", "int8"],
];

export const ordersWriter: KindWriter = {
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const customers = await resolveCustomers(ctx, rows);
    const products = await productsByCodeOrName(
      ctx.tx,
      rows.map((r) => r.values.product),
    );
    const plans: Plan[] = [];
    for (const { row, values: v } of rows) {
      const customer = customers.get(row);
      if (!customer) continue;
      const set: Plan["set"] = {
        external_id: String(v.external_id),
        customer_id: customer.id,
        ordered_at: v.ordered_at as number,
        amount_fen: v.amount as number,
      };
      if (v.cost !== undefined) set.cost_fen = (v.cost as number | null) ?? 0;
      if (v.units !== undefined) set.units = (v.units as number | null) ?? 0;
      if (v.product !== undefined) {
        set.product = v.product as string | null;
        // The catalogue product whose code or name the cell is; other text stays free text, as before the catalogue.
        set.product_id = v.product == null ? null : (products.get(String(v.product)) ?? null);
      }
      plans.push({
        row,
        ext: String(v.external_id),
        set,
        insert: { cost_fen: 0, units: 0, product_id: null, created_at: (v.created_at as number | null | undefined) ?? (v.ordered_at as number) },
      });
    }
    const r = await upsert(ctx, { table: "orders", entity: "order", columns: COLUMNS, versioned: false, auditEach: false }, plans);
    if (ctx.canWrite()) await ordersChanged(ctx.tx, [...plans.map((p) => p.set.customer_id), ...r.updated.map((u) => u.before.customer_id)]);
    return r.counts;
  },
};
