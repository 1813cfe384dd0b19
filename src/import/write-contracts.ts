/**
 * Contracts: one row per instalment of the payment schedule (or one row without a due date for a contract
 * without one), grouped by contract number. Each new contract is created by the contract store, so it passes the
 * cash rules (not signed after today, instalments adding up to the amount and not due before signing) and the
 * access rule (a customer and opportunity the importing user may see; the opportunity belongs to the customer).
 * The customer comes from its columns (created with --create-customers) or from the opportunity.
 */
import { createContractInTx } from "../cash/contract-store";
import { localDate } from "../core/dates";
import { selectWhereIn } from "./bulk";
import { groupBy, importViewer, sameAcross, throughRules } from "./cash-rows";
import { resolveCustomers } from "./customer-refs";
import { selectByExternalId } from "./external-ids";
import type { ParsedRow } from "./record";
import type { ChunkContext, Counts, KindWriter } from "./writer";

const FIELDS = {
  customer: "customer_external_id",
  opportunity: "opportunity_external_id",
  opportunityId: "opportunity_external_id",
  number: "number",
  signedDate: "signed_date",
  amountFen: "amount",
  schedule: "instalment_amount",
};
const HEADER = ["customer_external_id", "customer_name", "opportunity_external_id", "signed_date", "amount"];

export const contractsWriter: KindWriter = {
  wholeBatch: true,
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const counts: Counts = { inserted: 0, updated: 0, unchanged: 0 };
    const groups = groupBy(rows, "number");
    const opps = new Map(
      (
        await selectByExternalId<{ id: number; external_id: string; customer_id: number }>(
          ctx.tx,
          "opportunities",
          "id, external_id, customer_id",
          rows.filter((r) => r.values.opportunity_external_id != null).map((r) => String(r.values.opportunity_external_id)),
        )
      ).map((o) => [o.external_id, o]),
    );
    const firsts = [...groups.values()].map((g) => g[0]);
    const named = firsts.filter((r) => r.values.customer_external_id != null || r.values.customer_name != null);
    const customers = await resolveCustomers(ctx, named);
    const stored = await selectWhereIn<{
      id: number;
      number: string;
      customer_id: number;
      opportunity_id: number | null;
      signed_at: number;
      amount_fen: number;
    }>(ctx.tx, "contracts", "id, number, customer_id, opportunity_id, signed_at, amount_fen", "number", [...groups.keys()]);
    const byNumber = new Map(stored.map((k) => [k.number, k]));
    const sched = await selectWhereIn<{ contract_id: number; seq: number; due_date: string; amount_fen: number }>(
      ctx.tx,
      "payment_schedule",
      "contract_id, seq, due_date, amount_fen",
      "contract_id",
      stored.map((k) => k.id),
    );
    for (const [number, group] of groups) {
      const first = group[0];
      const v = first.values;
      if (!sameAcross(ctx, group, HEADER, `contract ${number}`)) continue;
      const viewer = importViewer(ctx, first.row);
      if (!viewer) continue;
      let ok = true;
      const schedule: Array<{ dueDate: string; amountFen: number }> = [];
      for (const r of group) {
        const due = r.values.due_date as string | null | undefined;
        const amt = r.values.instalment_amount as number | null | undefined;
        if (due == null && amt == null) {
          if (group.length > 1) {
            ctx.error(r.row, "due_date", "required: each row of a contract with several rows is one instalment (due_date and instalment_amount)");
            ok = false;
          }
          continue;
        }
        if (due == null) {
          ctx.error(r.row, "due_date", "required: the instalment's due date");
          ok = false;
          continue;
        }
        if (amt == null) {
          ctx.error(r.row, "instalment_amount", "required: the instalment's amount");
          ok = false;
          continue;
        }
        schedule.push({ dueDate: due, amountFen: amt });
      }
      const opp = v.opportunity_external_id != null ? opps.get(String(v.opportunity_external_id)) : undefined;
      if (v.opportunity_external_id != null && !opp) {
        ctx.error(first.row, "opportunity_external_id", `unknown opportunity: ${v.opportunity_external_id} (import opportunities first)`);
        ok = false;
      }
      const named = v.customer_external_id != null || v.customer_name != null;
      const customerId = named ? customers.get(first.row)?.id : opp ? Number(opp.customer_id) : undefined;
      if (!named && !opp) {
        ctx.error(first.row, "customer_external_id", "required: the customer (customer_external_id or customer_name) or the opportunity");
        ok = false;
      }
      if (!ok || customerId === undefined) continue;
      if (customerId === 0) {
        counts.inserted++;
        continue;
      } // a customer this (already failed) batch would create
      const body = {
        customerId,
        opportunityId: opp ? Number(opp.id) : null,
        number,
        signedDate: String(v.signed_date),
        amountFen: Number(v.amount),
        schedule,
        createdAt: (v.created_at as number | null | undefined) ?? undefined,
      };
      const before = byNumber.get(number);
      if (before) {
        const had = sched
          .filter((s) => s.contract_id === before.id)
          .sort((a, b) => a.seq - b.seq)
          .map((s) => ({ dueDate: s.due_date, amountFen: Number(s.amount_fen) }));
        const same =
          Number(before.customer_id) === customerId &&
          (before.opportunity_id == null ? null : Number(before.opportunity_id)) === body.opportunityId &&
          localDate(Number(before.signed_at), ctx.tz) === body.signedDate &&
          Number(before.amount_fen) === body.amountFen &&
          JSON.stringify(had) === JSON.stringify([...schedule].sort((a, b) => a.dueDate.localeCompare(b.dueDate)));
        if (same) counts.unchanged++;
        else ctx.error(first.row, "number", `contract ${number} exists with other terms; change it in the app, or give the file's contract a new number`);
        continue;
      }
      if (
        await throughRules(ctx, first.row, FIELDS, async () => {
          await createContractInTx(ctx.tx, viewer, body, ctx.now, ctx.tz, { run: ctx.runId, row: first.row });
        })
      )
        counts.inserted++;
    }
    return counts;
  },
};
