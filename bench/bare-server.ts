/**
 * The reference of bench/moves.ts: a bare `node:http` server answering the same two endpoints the load generator
 * calls (POST /opportunities/:id/transition, GET /opportunities/:id) with prepared statements on the raw driver and
 * the same work as Jindou's move, written by hand: the bearer-token lookup with the same checks (not revoked, not
 * expired, user active, read-only tokens refused for writes, "last used" noted to the minute), the read through the
 * access rule (own, or shared read-write with the user or their department and unexpired) with what the answer shows
 * (customer and owner names, activity facts) and the ticked criteria, the version check, the gate's rules for
 * advance and back (open, forward one stage, the checklist or a recorded override with its reason, back needs a
 * reason), the version-checked update of stage, status, closed_at and lost_reason, the stage event, the stage visits
 * (the open one closed, the new one entered), the reach row (status, stage set), the customer's deal facts and their
 * stamp shard, the visits' month and day roll-ups, the deal's forecast cell (read models kept by Jindou's move
 * statement too) and the audit row in one transaction,
 * and the same JSON answer.
 * No framework, no schema validation, no security headers. Only the data scopes 本人 and 全部 are written out.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import SQLite from "better-sqlite3";
import pg from "pg";
import { DEAL_FACT_COLUMNS, DEAL_FACT_UPDATE, dealFactsSql, dealRowsSql } from "../src/readmodels/deal-facts-sql";
import { shardSql } from "../src/readmodels/stamps";
import { FORECAST_CELL_COLUMNS, sameCellSql } from "../src/readmodels/forecast-cells";
import { visitDaysDelta } from "../src/readmodels/visit-days";
import { VISIT_MONTHS_OFFSET_SQL, visitMonthsDelta } from "../src/readmodels/visit-months";
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from "kysely";
import { bareAnswer, bareGate, bareMoveWriter, type BareRow, type BareStage, type BareUser, groupStages, type MoveArgs } from "./bare-move";

export interface Bare {
  url: string;
  close(): Promise<void>;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const send = (res: http.ServerResponse, status: number, body: unknown) => {
  const s = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(s) }).end(s);
};
const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve) => {
    let b = "";
    req.on("data", (c) => {
      b += c;
    });
    req.on("end", () => resolve(b));
  });

interface Store {
  auth(hash: string, now: number): Promise<BareUser | null>;
  read(id: number, user: BareUser, now: number): Promise<BareRow | null>;
  move(a: MoveArgs): Promise<boolean>;
  stages(pipelineId: number): Promise<BareStage[]>;
  close(): Promise<void>;
}

const AUTH_COLUMNS =
  "t.id as token_id, t.scope, t.expires_at, t.last_used_at, u.id, u.active, u.department_id, coalesce(u.data_scope, rs.scope) as scope_in_force, u.role";
const AUTH_FROM = "api_tokens t join users u on u.id = t.user_id left join role_scopes rs on rs.role = u.role";
const READ_COLUMNS = `o.id, o.external_id, o.pipeline_id, o.stage_id, o.customer_id, o.owner_id, o.title, o.amount_fen, o.units, o.product,
  o.expected_close_date, o.source, o.forecast_category, o.probability_override, o.status, o.lost_reason, o.closed_at, o.stage_entered_at,
  o.created_at, o.updated_at, o.version, p.config_version, p.checklist_rule, c.name as customer_name, w.name as owner_name, f.next_activity_at, f.last_activity_at`;
const READ_FROM = `opportunities o join pipelines p on p.id = o.pipeline_id join customers c on c.id = o.customer_id
  left join users w on w.id = o.owner_id left join opportunity_facts f on f.opportunity_id = o.id`;
const STAGES_SQL = `select s.id, s.position, s.kind, s.key, s.name_zh, s.name_en, s.probability, s.stall_days, c.id as criterion_id
  from stages s left join stage_criteria c on c.stage_id = s.id where s.pipeline_id = ? and s.archived_at is null order by s.position, c.position`;

/** The user of a live token (null: unknown, revoked, expired or inactive), noting its use to the minute. */
function liveUser(t: Record<string, unknown> | undefined, now: number, noteUse: (tokenId: number) => unknown): BareUser | null {
  if (!t || !t.active || (t.expires_at != null && Number(t.expires_at) <= now)) return null;
  if (t.last_used_at == null || now - Number(t.last_used_at) > 60_000) noteUse(Number(t.token_id));
  const scope = (t.scope_in_force as string | null) ?? (t.role === "admin" ? "all" : t.role === "manager" ? "dept_and_below" : "self");
  if (scope !== "self" && scope !== "all") throw new Error(`the bare reference writes out scopes self and all only, not ${scope}`);
  return { id: Number(t.id), departmentId: t.department_id == null ? null : Number(t.department_id), readOnly: t.scope === "read", all: scope === "all" };
}

function sqliteStore(file: string): Store {
  const db = new SQLite(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const auth = db.prepare(`select ${AUTH_COLUMNS} from ${AUTH_FROM} where t.token_hash = ? and t.revoked_at is null`);
  const used = db.prepare("update api_tokens set last_used_at = ? where id = ?");
  const share = `o.id in (select s.entity_id from record_shares s where s.entity = 'opportunity' and (s.user_id = ? or s.department_id = ?)
    and s.access = 'write' and (s.expires_at is null or s.expires_at > ?))`;
  const checked = "(select group_concat(k.criterion_id) from criterion_checks k where k.opportunity_id = o.id) as checked";
  const readOwn = db.prepare(`select ${READ_COLUMNS}, ${checked} from ${READ_FROM} where o.id = ? and (o.owner_id = ? or ${share})`);
  const readAll = db.prepare(`select ${READ_COLUMNS}, ${checked} from ${READ_FROM} where o.id = ?`);
  const stages = db.prepare(STAGES_SQL);
  const write = bareMoveWriter(db);
  return {
    auth: async (h, now) => liveUser(auth.get(h) as Record<string, unknown> | undefined, now, (id) => used.run(now, id)),
    read: async (id, u, now) => ((u.all ? readAll.get(id) : readOwn.get(id, u.id, u.id, u.departmentId ?? -1, now)) as BareRow | undefined) ?? null,
    move: async (a) => write(a),
    stages: async (p) => groupStages(stages.all(p) as never),
    close: async () => {
      db.close();
    },
  };
}

function pgStore(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // sockets closing after end() may be terminated by the database drop
  pool.on("error", () => {});
  const rows = async <T>(name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values })).rows as T[];
  const one = async <T>(name: string, text: string, values: unknown[]) => (await rows<T>(name, text, values))[0] ?? null;
  const share = `o.id in (select s.entity_id from record_shares s where s.entity = 'opportunity' and (s.user_id = $2 or s.department_id = $3)
    and s.access = 'write' and (s.expires_at is null or s.expires_at > $4))`;
  const checked = "(select string_agg(cast(k.criterion_id as text), ',') from criterion_checks k where k.opportunity_id = o.id) as checked";
  // The move's writes as one statement, like the best hand-written PostgreSQL would do them: the open visit is the
  // one the opportunity's latest (non-stay) event entered, found through the events' (opportunity, at) index. Every
  // sub-statement sees the rows as they were before it: the roll-ups' delta is the open visit taken away, the same
  // visit closed now and the new one added.
  const openVisit = `(select p.id from stage_events p where p.opportunity_id = $3 and p.kind <> 'stay' order by p.at desc, p.id desc limit 1)`;
  const deltaRows = sql.raw(`select o.pipeline_id, o.stage_id, o.owner_id, o.amount_fen, o.entered_at, o.left_at, -1 as sg, o.opportunity_id
      from stage_visits o where o.id = ${openVisit} and o.left_at is null
    union all select o.pipeline_id, o.stage_id, o.owner_id, o.amount_fen, o.entered_at, $2::bigint, 1, o.opportunity_id
      from stage_visits o where o.id = ${openVisit} and o.left_at is null
    union all select u.pipeline_id, u.stage_id, u.owner_id, u.amount_fen, $2::bigint, null::bigint, 1, u.id from u`);
  const compiler = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const text = (q: ReturnType<typeof sql.raw>) => q.compile(compiler).sql;
  const rollUps = `vm as (${text(visitMonthsDelta(deltaRows, VISIT_MONTHS_OFFSET_SQL, true) as never)}),
    vd as (${text(visitDaysDelta(deltaRows, VISIT_MONTHS_OFFSET_SQL, true) as never)}),`;
  // the deal's forecast cell re-derived: the cell's other open deals from the table, the moved one from u
  const cell = `fc as (insert into forecast_cells (${FORECAST_CELL_COLUMNS})
      select x.owner_id, substr(x.expected_close_date, 1, 7), x.forecast_category, count(*), sum(x.amount_fen), sum(x.amount_fen * x.p)
      from (select o.owner_id, o.expected_close_date, o.forecast_category, o.amount_fen, coalesce(o.probability_override, s.probability) as p
              from opportunities o join stages s on s.id = o.stage_id join u on o.id <> u.id where o.status = 'open' and ${sameCellSql("u")}
            union all select u.owner_id, u.expected_close_date, u.forecast_category, u.amount_fen, coalesce(u.probability_override, s.probability)
              from u join stages s on s.id = u.stage_id where u.status = 'open' and u.expected_close_date is not null) x
      group by x.owner_id, substr(x.expected_close_date, 1, 7), x.forecast_category
      on conflict (owner_id, close_month, forecast_category) do update
        set deals = excluded.deals, amount_fen = excluded.amount_fen, weighted_pct = excluded.weighted_pct),`;
  const moveSql = `with u as (update opportunities set stage_id = $1, status = $9, version = version + 1, stage_entered_at = $10, updated_at = $2,
        closed_at = $11, lost_reason = $12 where id = $3 and version = $4
        returning id, version, pipeline_id, stage_id, status, owner_id, customer_id, source, amount_fen, probability_override, expected_close_date, forecast_category),
    e as (insert into stage_events (opportunity_id, from_stage_id, to_stage_id, kind, reason, override, actor_id, at)
      select u.id, $5, $1, $6, $13, $14, $7, $2 from u returning id),
    c as (update stage_visits set left_at = $2, left_kind = $6 where left_at is null and exists (select 1 from u) and id = (select p.id from stage_events p
      where p.opportunity_id = $3 and p.kind <> 'stay' order by p.at desc, p.id desc limit 1)),
    v as (insert into stage_visits (id, opportunity_id, pipeline_id, stage_id, from_stage_id, enter_kind, owner_id, team_id, customer_id, source, amount_fen, entered_at)
      select e.id, u.id, u.pipeline_id, u.stage_id, $5, $6, u.owner_id, w.team_id, u.customer_id, u.source, u.amount_fen, $2 from u cross join e left join users w on w.id = u.owner_id),
    r as (update opportunity_reach r set status = u.status, stages = case when r.stages like ('%,' || u.stage_id || ',%') then r.stages
      else (select ',' || string_agg(cast(z.s as text), ',' order by z.s) || ',' from (select p.to_stage_id as s from stage_events p
        where p.opportunity_id = u.id and p.kind <> 'stay' union select $1) z) end from u where r.opportunity_id = u.id),
    ${rollUps}
    ${cell}
    a as (insert into audit_log (actor_id, entity, entity_id, action, diff, at) select $7, 'opportunity', u.id, $6, $8, $2 from u),
    df as (insert into customer_deal_facts (${DEAL_FACT_COLUMNS}) ${dealFactsSql(`${dealRowsSql("o.customer_id = (select u.customer_id from u) and o.id <> $3")}
        union all select u.customer_id, u.status, u.amount_fen, coalesce(u.probability_override, s.probability), u.expected_close_date from u join stages s on s.id = u.stage_id`)}
      on conflict (customer_id) do update set ${DEAL_FACT_UPDATE}),
    ds as (update read_model_stamps set version = version + 1 where model = 'deals' and shard = (select ${shardSql("u.customer_id")} from u))
    select version from u`;
  return {
    auth: async (h, now) =>
      liveUser(
        (await one<Record<string, unknown>>("bare_auth", `select ${AUTH_COLUMNS} from ${AUTH_FROM} where t.token_hash = $1 and t.revoked_at is null`, [h])) ??
          undefined,
        now,
        (id) => pool.query({ name: "bare_used", text: "update api_tokens set last_used_at = $1 where id = $2", values: [now, id] }),
      ),
    read: (id, u, now) =>
      u.all
        ? one("bare_read_all", `select ${READ_COLUMNS}, ${checked} from ${READ_FROM} where o.id = $1`, [id])
        : one("bare_read_own", `select ${READ_COLUMNS}, ${checked} from ${READ_FROM} where o.id = $1 and (o.owner_id = $2 or ${share})`, [
            id,
            u.id,
            u.departmentId ?? -1,
            now,
          ]),
    move: async (a) =>
      (await one("bare_move", moveSql, [
        a.to,
        a.at,
        a.id,
        a.version,
        a.from,
        a.kind,
        a.actor,
        a.diff,
        a.status,
        a.stageEnteredAt,
        a.closedAt,
        a.lostReason,
        a.reason,
        a.override ? 1 : 0,
      ])) != null,
    stages: async (p) => groupStages(await rows("bare_stages", STAGES_SQL.replace("?", "$1"), [p])),
    close: () => pool.end(),
  };
}

/** The bare reference's answer to one request, whatever serves it: [status, JSON body]. */
export type BareAnswer = (method: string, url: string, authorization: string | undefined, body: () => Promise<unknown>) => Promise<[number, unknown]>;

/** The reference's store on the database and its request logic (token, read, gate, move, answer), shared by the node:http server and the Fastify floor. */
export function bareLogic(kind: "sqlite" | "postgres", location: string): { answer: BareAnswer; close(): Promise<void> } {
  const store = kind === "sqlite" ? sqliteStore(location) : pgStore(location);
  // the pipeline configuration, read once per pipeline and configuration version (as Jindou caches it)
  const configs = new Map<number, { version: number; stages: BareStage[] }>();
  const stagesOf = async (o: BareRow) => {
    let c = configs.get(o.pipeline_id);
    if (!c || c.version !== o.config_version) configs.set(o.pipeline_id, (c = { version: o.config_version, stages: await store.stages(o.pipeline_id) }));
    return c.stages;
  };
  const answer: BareAnswer = async (method, url, authorization, readBody) => {
    const m = /^\/api\/v1\/opportunities\/(\d+)(\/transition)?$/.exec(url);
    const token = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
    const now = Date.now();
    const user = token ? await store.auth(sha256(token.trim()), now) : null;
    if (!m || !user) return [m ? 401 : 404, { error: { code: m ? "UNAUTHENTICATED" : "NOT_FOUND" } }];
    const id = Number(m[1]);
    if (method === "GET") {
      const o = await store.read(id, user, now);
      return o ? [200, bareAnswer(o, await stagesOf(o), now)] : [404, { error: { code: "NOT_FOUND" } }];
    }
    if (user.readOnly) return [403, { error: { code: "TOKEN_READ_ONLY" } }];
    const body = (await readBody()) as { version: number; action: string; toStageId?: number; reason?: string; override?: boolean };
    const o = await store.read(id, user, now);
    if (!o) return [404, { error: { code: "NOT_FOUND" } }];
    if (o.version !== body.version) return [409, { error: { code: "VERSION_CONFLICT" } }];
    const stages = await stagesOf(o);
    const t = bareGate(stages, o, body);
    if ("error" in t) return [422, { error: { code: t.error } }];
    const move = { ...t, id, version: o.version, from: o.stage_id, actor: user.id, at: now, stageEnteredAt: now, closedAt: null, lostReason: null };
    if (!(await store.move(move))) return [409, { error: { code: "VERSION_CONFLICT" } }];
    const after = {
      ...o,
      stage_id: t.to,
      status: "open",
      version: o.version + 1,
      updated_at: now,
      stage_entered_at: now,
      closed_at: null,
      lost_reason: null,
    };
    return [200, bareAnswer(after, stages, now)];
  };
  return { answer, close: () => store.close() };
}

export async function startBare(kind: "sqlite" | "postgres", location: string): Promise<Bare> {
  const { answer, close } = bareLogic(kind, location);
  const server = http.createServer(async (req, res) => {
    try {
      const [status, body] = await answer(req.method ?? "GET", req.url ?? "", req.headers.authorization, async () => JSON.parse(await readBody(req)));
      send(res, status, body);
    } catch (e) {
      send(res, 500, { error: { code: "INTERNAL", message: String(e) } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    close: async () => {
      await new Promise((r) => server.close(r));
      await close();
    },
  };
}
