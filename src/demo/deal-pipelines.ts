/** Loads the installed deal pipelines the demo uses and attaches how deals behave in each (conversion, pace). */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { PipelineShape } from "./journey";

export type DemoPipelineKey = "probability" | "crm5" | "project7";

export interface DemoPipeline extends PipelineShape {
  key: DemoPipelineKey;
  id: number;
  /** probability of each open stage */
  probability: number[];
  /** checklist item ids of each open stage */
  criteria: number[][];
}

/**
 * Step conversions chosen so that the share reaching each stage looks like the seed's 100 → 70 → 40 → 20 → 10;
 * median days per stage give cycles of two to four months.
 */
const BEHAVIOUR: Record<DemoPipelineKey, { conversion: number[]; medianDays: number[] }> = {
  probability: { conversion: [0.68, 0.56, 0.52, 0.56, 0.72], medianDays: [12, 18, 24, 20, 14] },
  crm5: { conversion: [0.64, 0.55, 0.55, 0.62], medianDays: [10, 18, 16, 20] },
  project7: { conversion: [0.82, 0.72, 0.62, 0.6, 0.66, 0.75], medianDays: [10, 14, 20, 25, 18, 15] },
};

export async function loadDemoPipelines(conn: Kysely<Database>): Promise<Map<DemoPipelineKey, DemoPipeline>> {
  const out = new Map<DemoPipelineKey, DemoPipeline>();
  for (const key of Object.keys(BEHAVIOUR) as DemoPipelineKey[]) {
    const p = await conn.selectFrom("pipelines").where("key", "=", key).select("id").executeTakeFirst();
    if (!p) throw new Error(`pipeline "${key}" is not installed`);
    const stages = await conn.selectFrom("stages").where("pipeline_id", "=", p.id).select(["id", "kind", "probability"]).orderBy("position").execute();
    const open = stages.filter((s) => s.kind === "open");
    const won = stages.find((s) => s.kind === "won");
    const lost = stages.find((s) => s.kind === "lost");
    const b = BEHAVIOUR[key];
    if (!won || !lost || open.length !== b.conversion.length) throw new Error(`pipeline "${key}" no longer matches its template`);
    const crit = await conn
      .selectFrom("stage_criteria")
      .where(
        "stage_id",
        "in",
        open.map((s) => s.id),
      )
      .select(["id", "stage_id"])
      .orderBy("position")
      .execute();
    out.set(key, {
      key,
      id: p.id,
      openStageIds: open.map((s) => s.id),
      wonStageId: won.id,
      lostStageId: lost.id,
      conversion: b.conversion,
      medianDays: b.medianDays,
      probability: open.map((s) => s.probability),
      criteria: open.map((s) => crit.filter((c) => c.stage_id === s.id).map((c) => c.id)),
    });
  }
  return out;
}
