/**
 * What an import resolves names against, loaded once per run: people by email (and whom the importing user may
 * assign records to), pipelines with their stages by key or name, and the lost-reason list.
 */
import type { Db } from "../db/connect";
import type { DbOrTx } from "../db/tx";
import type { Role, Viewer } from "../access/viewer";
import { coversDepartment, coversUser } from "../access/visible";
import { loadOrg } from "../init/org-store";
import { selectByExternalId } from "./external-ids";

export interface ImportActor {
  id: number | null;
  role: Role;
  teamId: number | null;
  /** the signed-in viewer (with the organisation's data scope): whose records they may own, and the lead-to-cash stores check visibility with it; absent: the role's default scope */
  viewer?: Viewer;
}

export interface StageRef {
  id: number;
  key: string;
  nameZh: string;
  nameEn: string;
  position: number;
  kind: "open" | "won" | "lost";
}
export interface PipelineRef {
  id: number;
  key: string;
  nameZh: string;
  nameEn: string;
  kind: "deal" | "customer";
  stages: StageRef[];
  open: StageRef[];
  won?: StageRef;
  lost?: StageRef;
}

export interface Lookups {
  actor: ImportActor;
  usersByEmail: Map<string, { id: number; teamId: number | null }>;
  /** folded name → users of that name (a name shared by two users is ambiguous) */
  usersByName: Map<string, Array<{ id: number; teamId: number | null; email: string }>>;
  usersByExternalId: Map<string, { id: number; teamId: number | null; email: string }>;
  emailById: Map<number, string>;
  /** may the importing user own (see, assign, update) a record owned by this user? */
  canOwn(ownerId: number): boolean;
  /** may the importing user set a target for this department (their data scope covers it)? */
  canPlanDepartment(departmentId: number): boolean;
  pipelines: PipelineRef[];
  pipelineById: Map<number, PipelineRef>;
  stageById: Map<number, { stage: StageRef; pipeline: PipelineRef }>;
  lostReasons: Map<string, string>;
  /** the organisation's default pipeline key (jindou init), used when a row names none */
  defaultPipeline: string | null;
}

const fold = (s: string) => s.normalize("NFKC").trim().toLowerCase();

export async function loadLookups(db: Db, actor: ImportActor): Promise<Lookups> {
  const users = await db.selectFrom("users").select(["id", "email", "team_id", "name", "external_id"]).execute();
  const usersByEmail = new Map(users.map((u) => [u.email.toLowerCase(), { id: u.id, teamId: u.team_id }]));
  const usersByName = new Map<string, Array<{ id: number; teamId: number | null; email: string }>>();
  const usersByExternalId = new Map<string, { id: number; teamId: number | null; email: string }>();
  for (const u of users) {
    const k = fold(u.name);
    usersByName.set(k, [...(usersByName.get(k) ?? []), { id: u.id, teamId: u.team_id, email: u.email }]);
    if (u.external_id) usersByExternalId.set(fold(u.external_id), { id: u.id, teamId: u.team_id, email: u.email });
  }
  const emailById = new Map(users.map((u) => [u.id, u.email]));
  // whom the actor's data scope covers (the one access rule), read once per run
  const asViewer: Viewer = actor.viewer ?? { id: actor.id ?? 0, role: actor.role, teamId: actor.teamId, name: "", email: "", locale: "zh-CN" };
  const covered = new Set((await db.selectFrom("users as u").select("u.id").where(coversUser(asViewer, "u.id")).execute()).map((u) => Number(u.id)));
  const depts = new Set((await db.selectFrom("departments as d").select("d.id").where(coversDepartment(asViewer, "d.id")).execute()).map((d) => Number(d.id)));
  const canOwn = (ownerId: number) => actor.role === "admin" || ownerId === actor.id || covered.has(ownerId);
  const canPlanDepartment = (id: number) => actor.role === "admin" || depts.has(id);

  const pRows = await db.selectFrom("pipelines").select(["id", "key", "name_zh", "name_en", "kind"]).where("archived", "=", 0).orderBy("id").execute();
  // Removed (archived) stages take no imported deals, like archived pipelines.
  const sRows = await db
    .selectFrom("stages")
    .select(["id", "pipeline_id", "key", "name_zh", "name_en", "position", "kind"])
    .where("archived_at", "is", null)
    .orderBy("pipeline_id")
    .orderBy("position")
    .execute();
  const pipelines: PipelineRef[] = pRows.map((p) => {
    const stages = sRows
      .filter((s) => s.pipeline_id === p.id)
      .map((s) => ({ id: s.id, key: s.key, nameZh: s.name_zh, nameEn: s.name_en, position: s.position, kind: s.kind }));
    return {
      id: p.id,
      key: p.key,
      nameZh: p.name_zh,
      nameEn: p.name_en,
      kind: p.kind,
      stages,
      open: stages.filter((s) => s.kind === "open"),
      won: stages.find((s) => s.kind === "won"),
      lost: stages.find((s) => s.kind === "lost"),
    };
  });
  const stageById = new Map<number, { stage: StageRef; pipeline: PipelineRef }>();
  for (const p of pipelines) for (const s of p.stages) stageById.set(s.id, { stage: s, pipeline: p });

  const reasons = await db.selectFrom("lost_reasons").select(["key", "name_zh", "name_en"]).execute();
  const lostReasons = new Map<string, string>();
  for (const r of reasons) for (const n of [r.key, r.name_zh, r.name_en]) lostReasons.set(fold(n), r.key);

  const defaultPipeline = (await loadOrg(db))?.defaultPipeline ?? null;
  return {
    actor,
    defaultPipeline,
    usersByEmail,
    usersByName,
    usersByExternalId,
    emailById,
    canOwn,
    canPlanDepartment,
    pipelines,
    pipelineById: new Map(pipelines.map((p) => [p.id, p])),
    stageById,
    lostReasons,
  };
}

/** A pipeline by key or zh/en name; without one, the first deal pipeline. */
export function findPipeline(l: Lookups, name: string | null | undefined): PipelineRef | undefined {
  if (!name)
    return (
      (l.defaultPipeline ? l.pipelines.find((p) => p.key === l.defaultPipeline && p.kind === "deal") : undefined) ?? l.pipelines.find((p) => p.kind === "deal")
    );
  const f = fold(name);
  return l.pipelines.find((p) => fold(p.key) === f || fold(p.nameZh) === f || fold(p.nameEn) === f);
}

/** A stage of the pipeline by key or zh/en name. */
export function findStage(p: PipelineRef, name: string): StageRef | undefined {
  const f = fold(name);
  return p.stages.find((s) => fold(s.key) === f || fold(s.nameZh) === f || fold(s.nameEn) === f);
}

export const stageList = (p: PipelineRef) => p.stages.map((s) => `${s.key} ${s.nameZh}`).join(", ");

export const foldName = fold;

/** The ids of customers by external id that the importing user may see (others count as unknown). */
export async function customersByExternalId(tx: DbOrTx, l: Lookups, exts: Iterable<string>): Promise<Map<string, { id: number; ownerId: number }>> {
  const list = [...new Set(exts)];
  const rows = await selectByExternalId<{ id: number; external_id: string; owner_id: number }>(tx, "customers", "id, external_id, owner_id", list);
  const out = new Map<string, { id: number; ownerId: number }>();
  for (const r of rows) if (l.canOwn(Number(r.owner_id))) out.set(r.external_id, { id: Number(r.id), ownerId: Number(r.owner_id) });
  return out;
}
