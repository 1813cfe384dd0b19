/** How much demo data each scale produces. */

export type DemoScale = "tiny" | "team" | "enterprise";

export interface ScaleSpec {
  teams: number;
  reps: number;
  customers: number;
  opportunities: number;
  orders: number;
  /** share of opportunities in each deal pipeline */
  pipelineMix: readonly (readonly [key: "probability" | "crm5" | "project7", weight: number])[];
  /** write checklist ticks for closed opportunities too (costly at enterprise scale) */
  checksForClosed: boolean;
  /** satisfaction entries per buying customer, on average */
  satisfactionPerBuyer: number;
  /** activities per deal stage visit, relative */
  activityRate: number;
}

export const SCALES: Record<DemoScale, ScaleSpec> = {
  tiny: {
    teams: 1,
    reps: 3,
    customers: 100,
    opportunities: 500,
    orders: 2_000,
    pipelineMix: [
      ["probability", 55],
      ["crm5", 35],
      ["project7", 10],
    ],
    checksForClosed: true,
    satisfactionPerBuyer: 1,
    activityRate: 1,
  },
  team: {
    teams: 3,
    reps: 20,
    customers: 2_000,
    opportunities: 10_000,
    orders: 50_000,
    pipelineMix: [
      ["probability", 55],
      ["crm5", 35],
      ["project7", 10],
    ],
    checksForClosed: true,
    satisfactionPerBuyer: 1.2,
    activityRate: 1,
  },
  enterprise: {
    teams: 25,
    reps: 500,
    customers: 200_000,
    opportunities: 1_000_000,
    orders: 10_000_000,
    pipelineMix: [
      ["probability", 50],
      ["crm5", 35],
      ["project7", 15],
    ],
    checksForClosed: false,
    satisfactionPerBuyer: 0.3,
    activityRate: 0.4,
  },
};
