/**
 * Payments received (回款): one row each, against a contract by its number. Each new payment is recorded by the
 * contract store, so it passes the cash rules (not zero, not before the contract was signed, not after today) and
 * the access rule (a contract of a customer the importing user may see). A payment without an id gets one from its
 * content (contract, date, amount, n-th occurrence), so importing the same file again finds it.
 */
import { recordPaymentInTx } from "../cash/contract-store";
import { localDate } from "../core/dates";
import { selectWhereIn } from "./bulk";
import { importViewer, throughRules } from "./cash-rows";
import { selectByExternalId } from "./external-ids";
import type { ParsedRow } from "./record";
import { type ChunkContext, type Counts, fileMap, type KindWriter } from "./writer";

const FIELDS = { contract: "contract_number", receivedDate: "received_date", amountFen: "amount" };

export const paymentsWriter: KindWriter = {
  wholeBatch: true,
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const counts: Counts = { inserted: 0, updated: 0, unchanged: 0 };
    const seen = fileMap<number>(ctx, "paymentKeys");
    for (const { values: v } of rows) {
      if (v.external_id != null) continue;
      const base = `auto:${v.contract_number}:${v.received_date}:${v.amount}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      v.external_id = n === 1 ? base : `${base}:${n}`;
    }
    const contracts = new Map(
      (
        await selectWhereIn<{ id: number; number: string }>(
          ctx.tx,
          "contracts",
          "id, number",
          "number",
          rows.map((r) => String(r.values.contract_number)),
        )
      ).map((k) => [k.number, Number(k.id)]),
    );
    const stored = new Map(
      (
        await selectByExternalId<{ id: number; external_id: string; contract_id: number; received_at: number; amount_fen: number; note: string | null }>(
          ctx.tx,
          "payments",
          "id, external_id, contract_id, received_at, amount_fen, note",
          rows.map((r) => String(r.values.external_id)),
        )
      ).map((p) => [p.external_id, p]),
    );
    for (const { row, values: v } of rows) {
      const viewer = importViewer(ctx, row);
      if (!viewer) continue;
      const contractId = contracts.get(String(v.contract_number));
      if (contractId === undefined) {
        ctx.error(row, "contract_number", `unknown contract: ${v.contract_number} (import contracts first)`);
        continue;
      }
      const p = {
        receivedDate: String(v.received_date),
        amountFen: Number(v.amount),
        note: (v.note as string | null | undefined) ?? null,
        externalId: String(v.external_id),
      };
      const before = stored.get(p.externalId);
      if (before) {
        const same =
          Number(before.contract_id) === contractId &&
          localDate(Number(before.received_at), ctx.tz) === p.receivedDate &&
          Number(before.amount_fen) === p.amountFen &&
          (v.note === undefined || (before.note ?? null) === p.note);
        if (same) counts.unchanged++;
        else
          ctx.error(
            row,
            "external_id",
            `payment ${p.externalId} exists with another contract, date or amount; record a correction (a negative payment) instead`,
          );
        continue;
      }
      if (
        await throughRules(ctx, row, FIELDS, async () => {
          await recordPaymentInTx(ctx.tx, viewer, contractId, p, ctx.now, ctx.tz, { run: ctx.runId, row });
        })
      )
        counts.inserted++;
    }
    return counts;
  },
};
