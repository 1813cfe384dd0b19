/**
 * Products: upsert by code through the catalogue's rules (admins and managers only), and opportunity line items:
 * the rows of one opportunity replace its lines through the line-items store (product by code or name, the unit
 * price from the default price list or the list price when the cell is empty), so its amount becomes their total.
 */
import { audit, changes } from "../audit/log";
import { replaceLinesInTx } from "../products/lines-store";
import { selectByExternalId } from "./external-ids";
import { groupBy, importViewer, throughRules } from "./cash-rows";
import { productsByCodeOrName } from "./product-refs-store";
import type { ParsedRow } from "./record";
import type { ChunkContext, Counts, KindWriter } from "./writer";

export const productsWriter: KindWriter = {
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const counts: Counts = { inserted: 0, updated: 0, unchanged: 0 };
    if (ctx.lookups.actor.role === "rep") {
      ctx.error(rows[0]?.row ?? 1, null, "only an admin or a manager may import products");
      return counts;
    }
    const codes = rows.map((r) => String(r.values.code));
    const existing = new Map(
      (
        await ctx.tx
          .selectFrom("products")
          .selectAll()
          .where("code", "in", codes.length ? codes : [""])
          .execute()
      ).map((p) => [p.code, p]),
    );
    const seen = new Set<string>();
    for (const { row, values: v } of rows) {
      const code = String(v.code);
      if (seen.has(code)) {
        ctx.error(row, "code", `product code ${code} appears twice in the file`);
        continue;
      }
      seen.add(code);
      const patch = {
        name: String(v.name),
        category: (v.category as string | null | undefined) ?? null,
        unit: (v.unit as string | null | undefined) ?? null,
        list_price_fen: Number(v.list_price),
        cost_fen: (v.cost as number | null | undefined) ?? null,
        active: v.active == null ? 1 : Number(v.active),
      };
      const before = existing.get(code);
      if (!before) {
        counts.inserted++;
        if (!ctx.canWrite()) continue;
        const { id } = await ctx.tx
          .insertInto("products")
          .values({ code, ...patch, created_at: ctx.now, updated_at: ctx.now })
          .returning("id")
          .executeTakeFirstOrThrow();
        await audit(ctx.tx, ctx.lookups.actor.id, "product", id, "import", { run: ctx.runId, row, code }, ctx.now);
        continue;
      }
      const diff = changes(
        { ...before, list_price_fen: Number(before.list_price_fen), cost_fen: before.cost_fen == null ? null : Number(before.cost_fen) } as Record<
          string,
          unknown
        >,
        patch,
      );
      if (!Object.keys(diff).length) {
        counts.unchanged++;
        continue;
      }
      counts.updated++;
      if (!ctx.canWrite()) continue;
      await ctx.tx
        .updateTable("products")
        .set({ ...patch, updated_at: ctx.now, version: before.version + 1 })
        .where("id", "=", before.id)
        .execute();
      await audit(ctx.tx, ctx.lookups.actor.id, "product", before.id, "import_update", { run: ctx.runId, row, ...diff }, ctx.now);
    }
    return counts;
  },
};

const LINE_FIELDS = {
  opportunity: "opportunity_external_id",
  productId: "product",
  lines: "product",
  units: "units",
  unitPriceFen: "unit_price",
  discountBp: "discount_pct",
};

export const opportunityLinesWriter: KindWriter = {
  wholeBatch: true,
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const counts: Counts = { inserted: 0, updated: 0, unchanged: 0 };
    const groups = groupBy(rows, "opportunity_external_id");
    const opps = new Map(
      (
        await selectByExternalId<{ id: number; external_id: string; version: number }>(ctx.tx, "opportunities", "id, external_id, version", [...groups.keys()])
      ).map((o) => [o.external_id, o]),
    );
    const products = await productsByCodeOrName(
      ctx.tx,
      rows.map((r) => r.values.product),
    );
    for (const [ext, group] of groups) {
      const first = group[0];
      const viewer = importViewer(ctx, first.row);
      if (!viewer) continue;
      const opp = opps.get(ext);
      if (!opp) {
        ctx.error(first.row, "opportunity_external_id", `unknown opportunity: ${ext} (import opportunities first)`);
        continue;
      }
      let ok = true;
      const drafts = group.map((r) => {
        const productId = products.get(String(r.values.product));
        if (productId === undefined) {
          ctx.error(r.row, "product", `unknown product: ${r.values.product} (give a catalogue code or name; import products first)`);
          ok = false;
        }
        return {
          productId: productId ?? 0,
          units: Number(r.values.units),
          ...(r.values.unit_price == null ? {} : { unitPriceFen: Number(r.values.unit_price) }),
          discountBp: Number(r.values.discount_pct ?? 0),
        };
      });
      if (!ok || !ctx.canWrite()) {
        if (ok) counts.updated++;
        continue;
      }
      let changed = false;
      const written = await throughRules(ctx, first.row, LINE_FIELDS, async () => {
        changed = await replaceLinesInTx(ctx.tx, viewer, Number(opp.id), Number(opp.version), drafts, ctx.now, "import_lines");
      });
      if (written) {
        if (changed) counts.updated++;
        else counts.unchanged++;
      }
    }
    return counts;
  },
};
