/**
 * The reference of bench/moves.ts: a bare `node:http` server answering the same two endpoints the load generator
 * calls (POST /opportunities/:id/transition, GET /opportunities/:id) with prepared statements on the raw driver and
 * the same writes as Jindou's move — bearer-token lookup, read, version-checked update, stage event, stage visits,
 * audit row — but no framework, no validation, no gate and no access rule.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import SQLite from "better-sqlite3";
import pg from "pg";

export interface Bare {
  url: string;
  close(): Promise<void>;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const send = (res: http.ServerResponse, status: number, body: unknown) => {
  const s = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(s) }).end(s);
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
  auth(hash: string): Promise<number | null>;
  read(id: number): Promise<{ stage_id: number; version: number } | null>;
  move(id: number, version: number, from: number, to: number, kind: string, actor: number, at: number): Promise<number | null>;
  close(): Promise<void>;
}

function sqliteStore(file: string): Store {
  const db = new SQLite(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const auth = db.prepare("select u.id from api_tokens t join users u on u.id = t.user_id where t.token_hash = ? and t.revoked_at is null");
  const read = db.prepare("select stage_id, version from opportunities where id = ?");
  const upd = db.prepare(
    "update opportunities set stage_id = ?, version = version + 1, stage_entered_at = ?, updated_at = ? where id = ? and version = ? returning version",
  );
  const ev = db.prepare(
    "insert into stage_events (opportunity_id, from_stage_id, to_stage_id, kind, reason, override, actor_id, at) values (?, ?, ?, ?, 'bench', 1, ?, ?)",
  );
  const close = db.prepare("update stage_visits set left_at = ?, left_kind = ? where opportunity_id = ? and left_at is null");
  const visit =
    db.prepare(`insert into stage_visits (id, opportunity_id, pipeline_id, stage_id, from_stage_id, enter_kind, owner_id, team_id, customer_id, source, amount_fen, entered_at)
    select ?, o.id, o.pipeline_id, o.stage_id, ?, ?, o.owner_id, null, o.customer_id, o.source, o.amount_fen, ? from opportunities o where o.id = ?`);
  const au = db.prepare("insert into audit_log (actor_id, entity, entity_id, action, diff, at) values (?, 'opportunity', ?, ?, ?, ?)");
  const move = db.transaction((id: number, version: number, from: number, to: number, kind: string, actor: number, at: number) => {
    const r = upd.get(to, at, at, id, version) as { version: number } | undefined;
    if (!r) return null;
    const e = ev.run(id, from, to, kind, actor, at);
    close.run(at, kind, id);
    visit.run(e.lastInsertRowid, from, kind, at, id);
    au.run(actor, id, kind, JSON.stringify({ stage: [from, to] }), at);
    return r.version;
  });
  return {
    auth: async (h) => (auth.get(h) as { id: number } | undefined)?.id ?? null,
    read: async (id) => (read.get(id) as { stage_id: number; version: number } | undefined) ?? null,
    move: async (...a) => move(...a),
    close: async () => {
      db.close();
    },
  };
}

function pgStore(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const one = async <T>(name: string, text: string, values: unknown[]) => ((await pool.query({ name, text, values })).rows[0] as T | undefined) ?? null;
  // The move's writes as one statement, like the best hand-written PostgreSQL would do them.
  const moveSql = `with u as (update opportunities set stage_id = $1, version = version + 1, stage_entered_at = $2, updated_at = $2 where id = $3 and version = $4 returning id, version, pipeline_id, stage_id, owner_id, customer_id, source, amount_fen),
    e as (insert into stage_events (opportunity_id, from_stage_id, to_stage_id, kind, reason, override, actor_id, at) select u.id, $5, $1, $6, 'bench', 1, $7, $2 from u returning id),
    c as (update stage_visits set left_at = $2, left_kind = $6 where opportunity_id = $3 and left_at is null and exists (select 1 from u)),
    v as (insert into stage_visits (id, opportunity_id, pipeline_id, stage_id, from_stage_id, enter_kind, owner_id, team_id, customer_id, source, amount_fen, entered_at)
      select e.id, u.id, u.pipeline_id, u.stage_id, $5, $6, u.owner_id, null, u.customer_id, u.source, u.amount_fen, $2 from u, e),
    a as (insert into audit_log (actor_id, entity, entity_id, action, diff, at) select $7, 'opportunity', u.id, $6, $8, $2 from u)
    select version from u`;
  return {
    auth: async (h) =>
      (
        await one<{ id: number }>(
          "bare_auth",
          "select u.id from api_tokens t join users u on u.id = t.user_id where t.token_hash = $1 and t.revoked_at is null",
          [h],
        )
      )?.id ?? null,
    read: (id) => one("bare_read", "select stage_id, version from opportunities where id = $1", [id]),
    move: async (id, version, from, to, kind, actor, at) =>
      (await one<{ version: number }>("bare_move", moveSql, [to, at, id, version, from, kind, actor, JSON.stringify({ stage: [from, to] })]))?.version ?? null,
    close: () => pool.end(),
  };
}

export async function startBare(kind: "sqlite" | "postgres", location: string, firstStageId: number, nextStageId: number): Promise<Bare> {
  const store = kind === "sqlite" ? sqliteStore(location) : pgStore(location);
  const server = http.createServer(async (req, res) => {
    try {
      const m = /^\/api\/v1\/opportunities\/(\d+)(\/transition)?$/.exec(req.url ?? "");
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const user = token ? await store.auth(sha256(token)) : null;
      if (!m || !user) return send(res, m ? 401 : 404, { error: { code: m ? "UNAUTHENTICATED" : "NOT_FOUND" } });
      const id = Number(m[1]);
      if (req.method === "GET") {
        const o = await store.read(id);
        return o ? send(res, 200, { id, stageId: o.stage_id, version: o.version }) : send(res, 404, { error: { code: "NOT_FOUND" } });
      }
      const body = JSON.parse(await readBody(req)) as { version: number; action: "advance" | "back"; toStageId?: number };
      const o = await store.read(id);
      if (!o) return send(res, 404, { error: { code: "NOT_FOUND" } });
      if (o.version !== body.version) return send(res, 409, { error: { code: "CONFLICT" } });
      const to = body.action === "advance" ? nextStageId : (body.toStageId ?? firstStageId);
      const version = await store.move(id, body.version, o.stage_id, to, body.action, user, Date.now());
      return version == null ? send(res, 409, { error: { code: "CONFLICT" } }) : send(res, 200, { id, stageId: to, version });
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
      await store.close();
    },
  };
}
