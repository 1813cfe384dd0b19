/** Contacts: upsert by external_id under a customer the importing user may see. */
import type { BulkColumns } from "./bulk";
import { resolveCustomers } from "./customer-refs";
import type { ParsedRow } from "./record";
import { type ChunkContext, type Counts, type KindWriter, type Plan, upsert } from "./writer";

const COLUMNS: BulkColumns = [
  ["external_id", "text"],
  ["customer_id", "int8"],
  ["name", "text"],
  ["title", "text"],
  ["decision_role", "text"],
  ["phone", "text"],
  ["email", "text"],
  ["created_at", "int8"],
  ["updated_at", "int8"],
];

export const contactsWriter: KindWriter = {
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const customers = await resolveCustomers(ctx, rows);
    const plans: Plan[] = [];
    for (const { row, values: v } of rows) {
      const customer = customers.get(row);
      if (!customer) continue;
      const set: Plan["set"] = { external_id: String(v.external_id), customer_id: customer.id };
      for (const k of ["name", "title", "decision_role", "phone", "email"]) if (v[k] !== undefined) set[k] = v[k] as string | null;
      if (v.created_at != null) set.created_at = v.created_at as number;
      plans.push({ row, ext: String(v.external_id), set, insert: { created_at: ctx.now, updated_at: ctx.now } });
    }
    return (await upsert(ctx, { table: "contacts", entity: "contact", columns: COLUMNS, versioned: true, auditEach: true }, plans)).counts;
  },
};
