/** Lead to cash: quotes, their lines and approvals, contracts, payment schedules and payments. */
import type { Generated } from "kysely";
import type { Id, Ms, OptionalRef } from "./columns";

export interface QuotesTable {
  id: Id;
  opportunity_id: number;
  number: string;
  status: string;
  discount_bp: number;
  subtotal_fen: number;
  total_fen: number;
  round: number;
  note: string | null;
  created_by: number;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface QuoteLinesTable {
  id: Id;
  quote_id: number;
  position: number;
  product: string;
  units: number;
  unit_price_fen: number;
  discount_bp: number;
  // products (issue 12, migration 150)
  product_id: OptionalRef;
  list_price_fen: OptionalRef;
}
export interface QuoteApprovalsTable {
  id: Id;
  quote_id: number;
  round: number;
  approver_id: number;
  decision: "approved" | "rejected";
  note: string | null;
  at: Ms;
}
export interface ContractsTable {
  id: Id;
  opportunity_id: number | null;
  customer_id: number;
  number: string;
  signed_at: Ms;
  amount_fen: number;
  created_by: number;
  created_at: Ms;
  version: Generated<number>;
}
export interface PaymentScheduleTable {
  id: Id;
  contract_id: number;
  seq: number;
  due_date: string;
  amount_fen: number;
}
export interface PaymentsTable {
  id: Id;
  contract_id: number;
  received_at: Ms;
  amount_fen: number;
  note: string | null;
  created_by: number;
  external_id?: string | null;
}
/** The tables of this file, by name (src/db/schema.ts joins them into Database). */
export interface CashSchema {
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  quote_approvals: QuoteApprovalsTable;
  contracts: ContractsTable;
  payment_schedule: PaymentScheduleTable;
  payments: PaymentsTable;
}
