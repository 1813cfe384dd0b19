/**
 * The route × scope matrix's organisation, shared by its test files: a 4-level department tree, nine people with
 * every data scope, and one customer and one open opportunity per person. Who sees whom is written out by hand in
 * SEES (not derived from the access code).
 *
 * 总部 → 华东 → 上海 → 浦东 ; 总部 → 华南
 * mE manages 华东; mSH manages 上海 (scope 本部门); lead (上海, scope 本人及下属) leads r2; r1 上海 (本人);
 * rE in 华东; rP in 浦东; mS manages 华南 (default 本部门及下属部门); rS in 华南.
 */
import { createApiToken } from "../users/sessions-store";
import { TEST_NOW, type TestApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { createDepartment, placeUser, setManagers } from "./departments-store";

export type Who = "mE" | "mSH" | "lead" | "r1" | "r2" | "rE" | "rP" | "mS" | "rS";
export const OWNERS: Who[] = ["mE", "mSH", "lead", "r1", "r2", "rE", "rP", "mS", "rS"];
export const SEES: Record<string, Who[]> = {
  "本人 self (r1)": ["r1"],
  "本人及下属 self+subordinates (lead)": ["lead", "r2"],
  "本部门 department (mSH)": ["mSH", "lead", "r1", "r2"],
  "本部门及下属部门 department and below (mE)": ["mE", "mSH", "lead", "r1", "r2", "rE", "rP"],
  "全部 all (admin)": OWNERS,
  "another department's manager (mS)": ["mS", "rS"],
};
export const VIEWER: Record<string, Who | "admin"> = {
  "本人 self (r1)": "r1",
  "本人及下属 self+subordinates (lead)": "lead",
  "本部门 department (mSH)": "mSH",
  "本部门及下属部门 department and below (mE)": "mE",
  "全部 all (admin)": "admin",
  "another department's manager (mS)": "mS",
};

export interface Matrix {
  people: Record<Who | "admin", { id: number; token: string }>;
  cust: Record<Who, number>;
  opps: Record<Who, number>;
  depts: { hq: number; east: number; sh: number; pd: number; south: number };
  /** each person's department */
  deptOf: Record<Who, number>;
  pipeline: number;
  firstStage: number;
  call(
    who: Who | "admin" | null,
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    body?: object,
  ): Promise<{ status: number; body: any; text: string }>;
}

/** Builds the tree, the people (each with a bearer token), and one customer and opportunity per person (10 000 fen, closing 2026-06-20). */
export async function buildMatrix(t: TestApp): Promise<Matrix> {
  const { db, ids } = t;
  const now = TEST_NOW;
  const hq = await createDepartment(db, { name: "矩阵总部" }, now);
  const east = await createDepartment(db, { name: "华东", parentId: hq }, now);
  const sh = await createDepartment(db, { name: "上海", parentId: east }, now);
  const pd = await createDepartment(db, { name: "浦东", parentId: sh }, now);
  const south = await createDepartment(db, { name: "华南", parentId: hq }, now);
  const spec: Array<[Who, "manager" | "rep", number, string | null]> = [
    ["mE", "manager", east, null],
    ["mSH", "manager", sh, "dept"],
    ["lead", "rep", sh, "self_and_subordinates"],
    ["r1", "rep", sh, null],
    ["r2", "rep", sh, null],
    ["rE", "rep", east, null],
    ["rP", "rep", pd, null],
    ["mS", "manager", south, null],
    ["rS", "rep", south, null],
  ];
  const people = {} as Matrix["people"];
  const deptOf = {} as Record<Who, number>;
  for (const [who, role, dept, scope] of spec) {
    const { id } = await db
      .insertInto("users")
      .values({
        email: `${who}.${t.kind}@matrix.jindou`,
        name: who,
        password_hash: "x",
        role,
        team_id: null,
        locale: "zh-CN",
        active: 1,
        created_at: now,
        data_scope: scope as never,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    people[who] = { id, token: await createApiToken(db, id, "matrix", now) };
    deptOf[who] = dept;
  }
  people.admin = { id: ids.admin, token: t.tokens.admin };
  await setManagers(db, east, [people.mE.id]);
  await setManagers(db, sh, [people.mSH.id]);
  await setManagers(db, south, [people.mS.id]);
  for (const [who, , dept] of spec) await placeUser(db, people[who].id, dept, null);
  await db.updateTable("users").set({ leader_id: people.lead.id }).where("id", "=", people.r2.id).execute();
  await installDefaults(db, now);
  const p = await db.selectFrom("pipelines").select("id").where("kind", "=", "deal").orderBy("id").limit(1).executeTakeFirstOrThrow();
  const stage = await db.selectFrom("stages").select("id").where("pipeline_id", "=", p.id).orderBy("position").limit(1).executeTakeFirstOrThrow();
  const cust = {} as Record<Who, number>;
  const opps = {} as Record<Who, number>;
  for (const who of OWNERS) {
    const name = `矩阵客户-${who}`;
    cust[who] = (
      await db
        .insertInto("customers")
        .values({ name, name_norm: name, owner_id: people[who].id, tags: "[]", created_at: now, updated_at: now, owner_since: now } as never)
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    opps[who] = (
      await db
        .insertInto("opportunities")
        .values({
          pipeline_id: p.id,
          stage_id: stage.id,
          customer_id: cust[who],
          owner_id: people[who].id,
          title: `矩阵商机-${who}`,
          amount_fen: 10_000,
          units: 1,
          status: "open",
          expected_close_date: "2026-06-20",
          stage_entered_at: now,
          created_at: now,
          updated_at: now,
        } as never)
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto("stage_events")
      .values({
        opportunity_id: opps[who],
        from_stage_id: null,
        to_stage_id: stage.id,
        kind: "create",
        reason: null,
        override: 0,
        actor_id: people[who].id,
        at: now,
      })
      .execute();
    await db
      .insertInto("audit_log")
      .values({ actor_id: people[who].id, entity: "customer", entity_id: cust[who], action: "create", diff: "{}", at: now })
      .execute();
  }
  const call: Matrix["call"] = async (who, method, url, body) => {
    const r = await t.app.inject({ method, url, headers: who ? { authorization: `Bearer ${people[who].token}` } : {}, ...(body ? { payload: body } : {}) });
    let parsed: any = r.body;
    try {
      parsed = JSON.parse(r.body);
    } catch {
      /* csv */
    }
    return { status: r.statusCode, body: parsed, text: r.body };
  };
  return { people, cust, opps, depts: { hq, east, sh, pd, south }, deptOf, pipeline: p.id, firstStage: stage.id, call };
}
