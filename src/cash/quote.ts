/** Quote arithmetic and the discount approval rule (several rounds possible, each one recorded). */

export interface QuoteLineInput {
  units: number;
  unitPriceFen: number /** line discount in basis points (1 % = 100) */;
  discountBp: number;
  /** the catalogue's list price of the line's product: a unit price below it is a discount too (absent: the unit price is the list) */
  listPriceFen?: number | null;
}

export interface QuoteTotals {
  /** Σ units × list price (the unit price where the line has no catalogue product), before any discount */
  listFen: number;
  /** after line discounts */
  subtotalFen: number;
  /** after the quote-level discount */
  totalFen: number;
  /** overall discount from list, in basis points: what the approval rule looks at */
  effectiveDiscountBp: number;
}

export const lineTotalFen = (l: QuoteLineInput): number => Math.round((l.units * l.unitPriceFen * (10_000 - l.discountBp)) / 10_000);

export function quoteTotals(lines: readonly QuoteLineInput[], quoteDiscountBp: number): QuoteTotals {
  const listFen = lines.reduce((s, l) => s + l.units * (l.listPriceFen ?? l.unitPriceFen), 0);
  const subtotalFen = lines.reduce((s, l) => s + lineTotalFen(l), 0);
  const totalFen = Math.round((subtotalFen * (10_000 - quoteDiscountBp)) / 10_000);
  // 1 − net / list, so a lower unit price at 0 % line discount counts; a price above list is no discount (never negative).
  const effectiveDiscountBp = listFen === 0 ? 0 : Math.max(0, Math.round(((listFen - totalFen) * 10_000) / listFen));
  return { listFen, subtotalFen, totalFen, effectiveDiscountBp };
}

export type ApproverRole = "manager" | "admin";
/** A discount strictly above `overBp` needs an approver of `role` (or higher). */
export interface ApprovalLevel {
  overBp: number;
  role: ApproverRole;
}
export type ApprovalPolicy = readonly ApprovalLevel[];

/** Default: above 10 % a manager approves; above 20 % an admin. Configurable in settings (cash.approval_policy). */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = [
  { overBp: 1_000, role: "manager" },
  { overBp: 2_000, role: "admin" },
];

/** The strictest level the discount passes, or null when no approval is needed. */
export function requiredApproval(effectiveDiscountBp: number, policy: ApprovalPolicy): ApprovalLevel | null {
  let need: ApprovalLevel | null = null;
  for (const l of policy) if (effectiveDiscountBp > l.overBp && (!need || l.overBp > need.overBp)) need = l;
  return need;
}

export type QuoteStatus = "draft" | "pending_approval" | "approved" | "rejected" | "sent" | "accepted" | "declined";

export type QuoteAction =
  | { kind: "submit"; required: ApprovalLevel | null }
  | { kind: "decide"; decision: "approved" | "rejected"; approverRole: "admin" | "manager" | "rep"; required: ApprovalLevel | null }
  | { kind: "revise" }
  | { kind: "send" }
  | { kind: "accept" }
  | { kind: "decline" };

export type Transition = { ok: true; status: QuoteStatus; round: number } | { ok: false; reason: string };

const rank = { rep: 0, manager: 1, admin: 2 } as const;

/**
 * The quote workflow. Submitting opens a new approval round when the discount needs one (else it is approved
 * at once); a rejection sends it back for revision, and the revised quote is submitted again in the next round.
 */
export function nextQuoteState(status: QuoteStatus, round: number, a: QuoteAction): Transition {
  const no = (reason: string): Transition => ({ ok: false, reason });
  switch (a.kind) {
    case "submit":
      if (status !== "draft") return no(`a ${status} quote cannot be submitted`);
      return a.required ? { ok: true, status: "pending_approval", round: round + 1 } : { ok: true, status: "approved", round };
    case "decide":
      if (status !== "pending_approval") return no("the quote is not waiting for approval");
      if (!a.required) return { ok: true, status: a.decision, round };
      if (rank[a.approverRole] < rank[a.required.role]) return no(`this discount needs approval by ${a.required.role === "admin" ? "an admin" : "a manager"}`);
      return { ok: true, status: a.decision, round };
    case "revise":
      if (status !== "rejected" && status !== "approved" && status !== "draft") return no(`a ${status} quote cannot be revised`);
      return { ok: true, status: "draft", round };
    case "send":
      if (status !== "approved") return no("only an approved quote can be sent");
      return { ok: true, status: "sent", round };
    case "accept":
    case "decline":
      if (status !== "sent" && status !== "approved") return no("only a sent quote can be accepted or declined");
      return { ok: true, status: a.kind === "accept" ? "accepted" : "declined", round };
  }
}

/** A stored approval policy is a list of at most five levels, each a discount threshold and an approver role. */
export function isApprovalPolicy(v: unknown): v is ApprovalPolicy {
  return (
    Array.isArray(v) &&
    v.length <= 5 &&
    v.every(
      (l) => l && typeof l === "object" && Number.isInteger(l.overBp) && l.overBp >= 0 && l.overBp <= 10_000 && (l.role === "manager" || l.role === "admin"),
    )
  );
}
