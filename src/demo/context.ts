/** What the demo generator's phases share while they run. */
import type { BulkWriter } from "./bulk";
import type { CustomerModel } from "./customers";
import type { DemoPipeline, DemoPipelineKey } from "./deal-pipelines";
import type { DemoPeople } from "./people";
import type { ScaleSpec } from "./scale";

export type DemoProgress = (phase: string, done: number, total: number) => void;

export interface DemoContext {
  seed: number;
  now: number;
  spec: ScaleSpec;
  writer: BulkWriter;
  people: DemoPeople;
  customers: CustomerModel;
  pipelines: Map<DemoPipelineKey, DemoPipeline>;
  /** rep user id → index in people.reps */
  repIndex: Map<number, number>;
  progress: DemoProgress;
  /** won amount (fen) per "repIndex|YYYY-MM", for targets */
  wonByRepMonth: Map<string, number>;
  /** orders already written for won deals */
  wonOrders: number;
  firstOpportunityId: number;
  firstQuoteId: number;
  firstContractId: number;
}
