/** A raw open opportunity row for tests that set state up below the API (first deals, stage-history import, tiering). */
import type { DbOrTx } from "../db/tx";

export interface OpenOpportunityRow {
  pipelineId: number;
  stageId: number;
  customerId: number;
  ownerId: number;
  title: string;
  amountFen: number;
  units: number;
  /** created, updated and entered its stage at this instant */
  at: number;
  externalId?: string | null;
}

/** Inserts an open opportunity with no product, source, close date or override, in the pipeline forecast category. */
export async function insertOpenOpportunity(db: DbOrTx, o: OpenOpportunityRow): Promise<number> {
  const r = await db
    .insertInto("opportunities")
    .values({
      external_id: o.externalId ?? null,
      pipeline_id: o.pipelineId,
      stage_id: o.stageId,
      customer_id: o.customerId,
      owner_id: o.ownerId,
      title: o.title,
      amount_fen: o.amountFen,
      units: o.units,
      product: null,
      expected_close_date: null,
      source: null,
      forecast_category: "pipeline",
      probability_override: null,
      status: "open",
      lost_reason: null,
      closed_at: null,
      stage_entered_at: o.at,
      created_at: o.at,
      updated_at: o.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(r.id);
}
