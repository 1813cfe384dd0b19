/** Lead to cash for a won demo deal: accepted quote (approved when discounted), contract, schedule, payments, order. */
import { DAY_MS } from "../core/dates";
import { type Cell, spec } from "./bulk";
import type { DemoContext } from "./context";
import { shanghaiDate } from "./customers";
import type { Rng } from "./random";
import { PRODUCTS } from "./words";

export const quotesSpec = spec(
  "quotes",
  "id opportunity_id number:text status:text discount_bp:int4 subtotal_fen total_fen round:int4 note:text created_by created_at updated_at",
);
export const quoteLinesSpec = spec("quote_lines", "quote_id position:int4 product:text units:int4 unit_price_fen discount_bp:int4");
export const quoteApprovalsSpec = spec("quote_approvals", "quote_id round:int4 approver_id decision:text note:text at");
export const contractsSpec = spec("contracts", "id opportunity_id customer_id number:text signed_at amount_fen created_by created_at");
export const scheduleSpec = spec("payment_schedule", "contract_id seq:int4 due_date:text amount_fen");
export const paymentsSpec = spec("payments", "contract_id received_at amount_fen note:text created_by");
export const ordersSpec = spec("orders", "customer_id opportunity_id ordered_at amount_fen cost_fen units:int4 product:text created_at");

/** Above this discount (basis points) a quote needs the manager's approval. */
export const APPROVAL_DISCOUNT_BP = 1_000;

export async function writeWonDealCash(
  ctx: DemoContext,
  rng: Rng,
  d: {
    oppId: number;
    customer: number;
    owner: number;
    managerId: number;
    wonAt: number;
    product: string;
    units: number;
    amountFen: number;
  },
): Promise<void> {
  const w = ctx.writer;
  const k = ctx.wonOrders;
  const quoteId = ctx.firstQuoteId + k;
  const contractId = ctx.firstContractId + k;
  const year = shanghaiDate(d.wonAt).slice(0, 4);
  const listPrice = PRODUCTS.find((p) => p.name === d.product)?.priceFen ?? Math.round(d.amountFen / d.units);
  const subtotal = listPrice * d.units;
  const discountBp = Math.max(0, Math.min(9_000, Math.round((1 - d.amountFen / subtotal) * 10_000)));
  const rounds = discountBp > 600 && rng.chance(0.5) ? 2 : 1;
  const quotedAt = d.wonAt - Math.round(rng.range(10, 40) * DAY_MS);
  const add = async (t: typeof quotesSpec, row: Cell[]) => {
    if (w.add(t, row)) await w.flushFull();
  };
  await add(quotesSpec, [
    quoteId,
    d.oppId,
    `Q${year}${String(quoteId).padStart(7, "0")}`,
    "accepted",
    discountBp,
    subtotal,
    d.amountFen,
    rounds,
    null,
    d.owner,
    quotedAt,
    d.wonAt,
  ]);
  await add(quoteLinesSpec, [quoteId, 0, d.product, d.units, listPrice, discountBp]);
  if (discountBp > APPROVAL_DISCOUNT_BP)
    for (let r = 1; r <= rounds; r++)
      await add(quoteApprovalsSpec, [
        quoteId,
        r,
        d.managerId,
        r < rounds ? "rejected" : "approved",
        r < rounds ? "折扣过大,请再谈" : null,
        quotedAt + Math.round(r * rng.range(0.5, 3) * DAY_MS),
      ]);
  const signedAt = d.wonAt - Math.round(rng.range(0, 3) * DAY_MS);
  await add(contractsSpec, [
    contractId,
    d.oppId,
    ctx.customers.firstId + d.customer,
    `HT${year}${String(contractId).padStart(7, "0")}`,
    signedAt,
    d.amountFen,
    d.owner,
    signedAt,
  ]);
  // 30 % advance on signing (won = contract signed and advance received, 001), 70 % on acceptance 60 days later.
  const advance = Math.round(d.amountFen * 0.3);
  const balanceDue = signedAt + 60 * DAY_MS;
  await add(scheduleSpec, [contractId, 1, shanghaiDate(signedAt), advance]);
  await add(scheduleSpec, [contractId, 2, shanghaiDate(balanceDue), d.amountFen - advance]);
  await add(paymentsSpec, [contractId, d.wonAt, advance, "预付款", d.owner]);
  if (balanceDue < ctx.now && rng.chance(0.85)) {
    const paidAt = balanceDue + Math.round(rng.logNormal(5, 1.2) * DAY_MS);
    if (paidAt < ctx.now) await add(paymentsSpec, [contractId, paidAt, d.amountFen - advance, "验收款", d.owner]);
  }
  const orderedAt = Math.min(ctx.now - 1, d.wonAt + Math.round(rng.range(0, 10) * DAY_MS));
  const margin = rng.range(0.15, 0.45);
  await add(ordersSpec, [
    ctx.customers.firstId + d.customer,
    d.oppId,
    orderedAt,
    d.amountFen,
    Math.round(d.amountFen * (1 - margin)),
    d.units,
    d.product,
    orderedAt,
  ]);
  const m = ctx.customers;
  m.orders[d.customer]++;
  if (orderedAt > m.lastOrderAt[d.customer]) m.lastOrderAt[d.customer] = orderedAt;
  ctx.wonOrders++;
}
