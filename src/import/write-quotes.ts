/**
 * Quotes: one row per line, grouped by quote number. A new quote is created by the quote store (the opportunity
 * must be one the importing user may see) and walked to its status through the quote workflow — submit, the
 * approval the discount needs (by the importing user's role), send, accept or decline — so an import obeys the
 * same rules as the app. A quote already there with the same lines and status is unchanged; a differing one is an error.
 */
import { createQuoteInTx, decideQuoteInTx, stepQuoteInTx, storedApprovalPolicy } from "../cash/quote-store";
import type { QuoteStatus } from "../cash/quote";
import type { Viewer } from "../access/viewer";
import { AppError } from "../core/errors";
import { selectByExternalId } from "./external-ids";
import { selectWhereIn } from "./bulk";
import { groupBy, importViewer, sameAcross, throughRules } from "./cash-rows";
import type { ParsedRow } from "./record";
import type { ChunkContext, Counts, KindWriter } from "./writer";

const FIELDS = { opportunity: "opportunity_external_id", quote: "number", number: "number", status: "status", lines: "product", discountBp: "discount_pct" };

interface StoredQuote {
  id: number;
  number: string;
  opportunity_id: number;
  status: string;
  discount_bp: number;
}
interface StoredLine {
  quote_id: number;
  position: number;
  product: string;
  units: number;
  unit_price_fen: number;
  discount_bp: number;
}

export const quotesWriter: KindWriter = {
  wholeBatch: true,
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const counts: Counts = { inserted: 0, updated: 0, unchanged: 0 };
    const groups = groupBy(rows, "number");
    const opps = new Map(
      (
        await selectByExternalId<{ id: number; external_id: string }>(
          ctx.tx,
          "opportunities",
          "id, external_id",
          rows.map((r) => String(r.values.opportunity_external_id)),
        )
      ).map((o) => [o.external_id, Number(o.id)]),
    );
    const stored = await selectWhereIn<StoredQuote>(ctx.tx, "quotes", "id, number, opportunity_id, status, discount_bp", "number", [...groups.keys()]);
    const byNumber = new Map(stored.map((q) => [q.number, q]));
    const lines = await selectWhereIn<StoredLine>(
      ctx.tx,
      "quote_lines",
      "quote_id, position, product, units, unit_price_fen, discount_bp",
      "quote_id",
      stored.map((q) => q.id),
    );
    for (const [number, group] of groups) {
      const first = group[0];
      const v = first.values;
      if (!sameAcross(ctx, group, ["opportunity_external_id", "discount_pct", "status", "note"], `quote ${number}`)) continue;
      const viewer = importViewer(ctx, first.row);
      if (!viewer) continue;
      const opportunityId = opps.get(String(v.opportunity_external_id));
      if (opportunityId === undefined) {
        ctx.error(first.row, "opportunity_external_id", `unknown opportunity: ${v.opportunity_external_id} (import opportunities first)`);
        continue;
      }
      const body = {
        opportunityId,
        discountBp: (v.discount_pct as number | null | undefined) ?? 0,
        note: (v.note as string | null | undefined) ?? null,
        lines: group.map((r) => ({
          product: String(r.values.product),
          units: Number(r.values.units),
          unitPriceFen: Number(r.values.unit_price),
          discountBp: Number(r.values.line_discount_pct ?? 0),
        })),
      };
      const wanted = ((v.status as QuoteStatus | null | undefined) ?? "draft") as QuoteStatus;
      const before = byNumber.get(number);
      if (before) {
        const had = lines
          .filter((l) => l.quote_id === before.id)
          .sort((a, b) => a.position - b.position)
          .map((l) => ({ product: l.product, units: Number(l.units), unitPriceFen: Number(l.unit_price_fen), discountBp: Number(l.discount_bp) }));
        const same =
          Number(before.opportunity_id) === opportunityId &&
          before.status === wanted &&
          Number(before.discount_bp) === body.discountBp &&
          JSON.stringify(had) === JSON.stringify(body.lines);
        if (same) counts.unchanged++;
        else
          ctx.error(
            first.row,
            "number",
            `quote ${number} exists with other lines, discount or status (${before.status}); revise it in the app, or give the file's quote a new number`,
          );
        continue;
      }
      const ok = await throughRules(ctx, first.row, FIELDS, async () => {
        const id = await createQuoteInTx(ctx.tx, viewer, body, ctx.now, number, (v.created_at as number | null | undefined) ?? ctx.now);
        await walkTo(ctx, viewer, id, wanted, number);
      });
      if (ok) counts.inserted++;
    }
    return counts;
  },
};

/** Moves a new draft through the workflow to `wanted`; each step is the store's, with the rule it checks. */
async function walkTo(ctx: ChunkContext, viewer: Viewer, id: number, wanted: QuoteStatus, number: string): Promise<void> {
  if (wanted === "draft") return;
  let version = 1;
  let status = "draft";
  const read = async () => {
    const q = await ctx.tx.selectFrom("quotes").select(["status", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
    status = q.status;
    version = q.version;
  };
  await stepQuoteInTx(ctx.tx, viewer, id, version, "submit", ctx.now, storedApprovalPolicy);
  await read();
  if (status === "pending_approval" && wanted !== "pending_approval") {
    await decideQuoteInTx(
      ctx.tx,
      viewer,
      id,
      version,
      { decision: wanted === "rejected" ? "rejected" : "approved", note: "import" },
      ctx.now,
      storedApprovalPolicy,
    );
    await read();
  }
  if (wanted === "sent" || wanted === "accepted" || wanted === "declined") {
    await stepQuoteInTx(ctx.tx, viewer, id, version, "send", ctx.now, storedApprovalPolicy);
    await read();
    if (wanted !== "sent") {
      await stepQuoteInTx(ctx.tx, viewer, id, version, wanted === "accepted" ? "accept" : "decline", ctx.now, storedApprovalPolicy);
      await read();
    }
  }
  if (status !== wanted) {
    throw new AppError(
      "RULE",
      `quote ${number} cannot be ${wanted}: its discount ${wanted === "pending_approval" ? "needs no approval" : "needs none of these steps"} (it is ${status})`,
      "status",
    );
  }
}
