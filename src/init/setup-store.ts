/**
 * First run for a real team: the first admin, the organisation (name, time zone, currency) and the first deal
 * pipeline — a shipped template or stages of one's own — in one transaction, with no demo data.
 */
import { CURRENCIES } from "../core/money";
import { AppError, invalid } from "../core/errors";
import type { Db } from "../db/connect";
import { inTx, type Tx } from "../db/tx";
import { installDefaults } from "../pipelines/install";
import { templateByKey } from "../pipelines/templates";
import { hashPassword } from "../users/password";
import { saveOrg } from "./org-store";

export interface SetupInput {
  orgName: string;
  timeZone: string;
  currency: string;
  admin: { email: string; name: string; password: string };
  /** a template key (crm5, probability, project7, solution, retail) or { stages } for a pipeline from scratch */
  pipeline: { template: string } | { key?: string; name?: string; stages: string[] };
}

export interface SetupResult {
  adminId: number;
  pipelineKey: string;
}

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Checks the input; throws a coded INVALID error naming the field. Pure. */
export function checkSetup(i: SetupInput): void {
  if (!i.orgName.trim()) throw invalid("orgName", "the organisation needs a name");
  if (!validTimeZone(i.timeZone)) throw invalid("timeZone", `unknown time zone "${i.timeZone}" (e.g. Asia/Shanghai)`);
  if (!CURRENCIES.some((c) => c.code === i.currency))
    throw invalid("currency", `unknown currency "${i.currency}" (${CURRENCIES.map((c) => c.code).join(", ")})`);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(i.admin.email.trim())) throw invalid("email", `not an email address: "${i.admin.email}"`);
  if (!i.admin.name.trim()) throw invalid("name", "the admin needs a name");
  if (i.admin.password.length < 8) throw invalid("password", "the password needs at least 8 characters");
  if ("template" in i.pipeline) {
    const t = templateByKey(i.pipeline.template);
    if (!t || t.kind !== "deal")
      throw invalid("pipeline", `unknown deal pipeline template "${i.pipeline.template}" (crm5, probability, project7, solution, retail)`);
  } else {
    const stages = i.pipeline.stages.map((s) => s.trim()).filter(Boolean);
    if (stages.length < 2) throw invalid("stages", "a pipeline of your own needs at least two open stages");
    if (new Set(stages.map((s) => s.toLowerCase())).size !== stages.length) throw invalid("stages", "two stages have the same name");
    if (i.pipeline.key && !/^[a-z0-9_-]{2,40}$/.test(i.pipeline.key)) throw invalid("pipelineKey", "a pipeline key is 2-40 of a-z, 0-9, _ and -");
  }
}

const stageKey = (name: string, i: number) => {
  const k = name
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  return k.length >= 2 ? k : `stage_${i + 1}`;
};

async function scratchPipeline(tx: Tx, p: { key?: string; name?: string; stages: string[] }, now: number): Promise<string> {
  const key = p.key ?? "main";
  const name = p.name?.trim() || "Sales pipeline 销售漏斗";
  const { id } = await tx
    .insertInto("pipelines")
    .values({
      key,
      name_zh: name,
      name_en: name,
      kind: "deal",
      skip_rule: "warn",
      checklist_rule: "warn",
      template: null,
      archived: 0,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const open = p.stages.map((s) => s.trim()).filter(Boolean);
  const seen = new Set<string>();
  const rows = open.map((s, i) => {
    let k = stageKey(s, i);
    while (seen.has(k)) k = `${k}_${i + 1}`;
    seen.add(k);
    return { key: k, zh: s, en: s, p: Math.round(((i + 1) * 90) / (open.length + 1)), kind: "open" as "open" | "won" | "lost" };
  });
  rows.push({ key: "won", zh: "赢单", en: "Won", p: 100, kind: "won" }, { key: "lost", zh: "丢单", en: "Lost", p: 0, kind: "lost" });
  await tx
    .insertInto("stages")
    .values(
      rows.map((s, position) => ({
        pipeline_id: id,
        position,
        key: s.key,
        name_zh: s.zh,
        name_en: s.en,
        probability: s.p,
        kind: s.kind,
        definition_zh: null,
        definition_en: null,
        stall_days: s.kind === "open" ? 30 : null,
        owner_role: "rep",
        target_conversion: null,
      })),
    )
    .execute();
  return key;
}

/** Sets up an empty database. Refused (CONFLICT) once any user exists. */
export async function runSetup(db: Db, i: SetupInput, now: number): Promise<SetupResult> {
  checkSetup(i);
  const passwordHash = await hashPassword(i.admin.password);
  // Templates and lost reasons first (idempotent), so the chosen template is there to point at.
  await installDefaults(db, now);
  return inTx(db, async (tx) => {
    const any = await tx.selectFrom("users").select("id").limit(1).executeTakeFirst();
    if (any) throw new AppError("RULE", "this database is already set up: sign in, or add users with jindou user add");
    let pipelineKey: string;
    if ("template" in i.pipeline) pipelineKey = i.pipeline.template;
    else {
      const key = i.pipeline.key ?? "main";
      if (await tx.selectFrom("pipelines").select("id").where("key", "=", key).executeTakeFirst())
        throw invalid("pipelineKey", `a pipeline ${key} exists already`);
      pipelineKey = await scratchPipeline(tx, i.pipeline, now);
    }
    const { id } = await tx
      .insertInto("users")
      .values({
        email: i.admin.email.trim().toLowerCase(),
        name: i.admin.name.trim(),
        role: "admin",
        team_id: null,
        password_hash: passwordHash,
        locale: "zh-CN",
        active: 1,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await saveOrg(tx, { name: i.orgName.trim(), timeZone: i.timeZone, currency: i.currency, defaultPipeline: pipelineKey }, now);
    await tx
      .insertInto("audit_log")
      .values({
        actor_id: id,
        entity: "settings",
        entity_id: 0,
        action: "init",
        diff: JSON.stringify({ org: i.orgName, pipeline: pipelineKey, currency: i.currency }),
        at: now,
      })
      .execute();
    return { adminId: id, pipelineKey };
  });
}
