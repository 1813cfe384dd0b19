/** Shapes of the lead-to-cash reports (src/cash/reports.ts, contract-routes.ts, quote-store.ts). */
export const AGE_BUCKETS = ["not_due", "d0_30", "d31_60", "d61_90", "d90_plus"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export interface AgeingLine {
  key: number | string;
  name: string | null;
  buckets: Record<AgeBucket, number>;
  totalFen: number;
}
export interface Receivables {
  asOf: string;
  by: "customer" | "owner";
  /** one page of the lines, largest outstanding first */
  lines: AgeingLine[];
  /** over every line, not just this page */
  total: AgeingLine;
  nextCursor: string | null;
}
export interface Commission {
  period: string;
  rateBp: number;
  totalCollectedFen: number;
  totalCommissionFen: number;
  lines: Array<{ ownerId: number; ownerName: string | null; collectedFen: number; contracts: number; commissionFen: number }>;
}
export type SignStatus = "none" | "contracted" | "signed" | "qualified";
export interface SignedCustomers {
  asOf: string;
  contracted: number;
  signed: number;
  qualified: number;
  /** one page of the customers the chosen count covers, in order of their first contract */
  customers: Array<{ customerId: number; name: string; status: SignStatus; contracts: number; collectedFen: number; outstandingFen: number }>;
  nextCursor: string | null;
}
export interface ContractRow {
  id: number;
  number: string;
  opportunityId: number | null;
  customerId: number;
  customerName: string;
  ownerId: number;
  signedAt: number;
  amountFen: number;
  schedule: Array<{ seq: number; dueDate: string; amountFen: number }>;
  payments: Array<{ id: number; receivedAt: number; amountFen: number; note: string | null }>;
  status: { signed: boolean; qualified: boolean; fullyPaid: boolean; late: boolean; collectedFen: number; outstandingFen: number };
}
export const QUOTE_STATUSES = ["draft", "pending_approval", "approved", "rejected", "sent", "accepted", "declined"] as const;
export interface QuoteRow {
  id: number;
  number: string;
  opportunity_id: number;
  opportunity_title: string;
  status: string;
  round: number;
  discount_bp: number;
  subtotal_fen: number;
  total_fen: number;
  updated_at: number;
  version: number;
}
