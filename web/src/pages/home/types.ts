/** The shape of GET /briefing (src/briefing/reports.ts). */
import type { Activity, Opportunity } from "../../api/types";

export interface BriefingCustomer {
  customerId: number;
  customerName: string;
  ownerId: number | null;
  ownerName: string | null;
}
export interface BriefingTarget {
  id: number;
  scope: "user" | "team" | "company";
  scopeId: number | null;
  name: string | null;
  period: string;
  amount_fen: number | null;
  won_fen: number;
  elapsedShare: number;
  amountAttainment: { ratio: number | null; pace: number | null };
}
export interface Briefing {
  asOf: number;
  today: string;
  month: string;
  forgottenDays: number;
  todayVisits: Activity[];
  overdue: Activity[];
  /** every overdue follow-up (the list carries the first 20) */
  overdueCount: number;
  stalled: Opportunity[];
  stageActions: Array<{
    opportunityId: number;
    title: string;
    customerName?: string;
    stageNameZh: string;
    stageNameEn: string;
    actions: Array<{ textZh: string; textEn: string }>;
  }>;
  forgotten: {
    days: number;
    total: number;
    items: Array<BriefingCustomer & { priority: string | null; lastContactAt: number | null; nextFollowUpDate: string | null; silentDays: number }>;
  };
  poolSoon: { total: number; items: Array<BriefingCustomer & { daysLeft: number; dueDate: string | null; rule: string | null; status: "warn" | "due" }> };
  closing: { from: string; to: string; count: number; amountFen: number; weightedFen: number; overdueCount: number; items: Opportunity[] };
  targets: { period: string; items: BriefingTarget[] };
  funnel: {
    pipeline: { id: number; nameZh: string; nameEn: string };
    stages: Array<{ stageId: number; nameZh: string; nameEn: string; count: number; amountFen: number; weightedFen: number }>;
    total: { count: number; amountFen: number; weightedFen: number };
  };
}
