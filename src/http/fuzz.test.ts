/**
 * Schema-driven fuzz (issue 11): every operation of the OpenAPI document (generated from the routes' zod schemas)
 * gets a bounded number of malformed requests — NUL and control characters, impossible dates, wrong types, huge
 * numbers, empty PATCHes, bad ids — on both engines. No answer may be a 5xx, every error must carry the
 * { error: { code, message, field } } envelope, and a 4xx must leave the database exactly as it was.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, expect, test } from "vitest";
import { listTables } from "../backup/backup";
import { installDefaults } from "../pipelines/install";
import { forEachApp, type Person } from "./testing";

const PER_OPERATION = 8;
/** Tables a refused request may legitimately touch: failed sign-ins are counted, token use is stamped. */
const VOLATILE = new Set(["login_failures", "sessions", "api_tokens", "import_runs", "job_runs"]);

interface JsonSchema {
  type?: string | string[];
  required?: string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  nullable?: boolean;
  anyOf?: JsonSchema[];
}
interface Operation {
  method: string;
  path: string;
  params: Array<{ name: string; in: string; schema: JsonSchema }>;
  body?: JsonSchema;
}

const NASTY: unknown[] = [
  "a\u0000b",
  "\u0000",
  "客户\u0000名",
  "x\u0001",
  "\u007f",
  "bell\u0007",
  "esc\u001b[31m",
  "line\nbreak",
  "tab\there",
  "2026-02-30",
  "2026-13-01",
  "0000-00-00",
  "",
  " ",
  "x".repeat(10_001),
  "\ud800",
  "' or 1=1 --",
  "<script>alert(1)</script>",
  "=cmd|' /C calc'!A0",
  "张三",
  "NaN",
  "1e400",
  "-0",
  -1,
  0,
  1.5,
  2 ** 63,
  -(2 ** 63),
  1e308,
  null,
  true,
  false,
  {},
  [],
  [null],
  { "a\u0000": 1 },
];

function typeOf(s: JsonSchema): string {
  if (s.anyOf?.length) return typeOf(s.anyOf.find((a) => a.type !== "null") ?? s.anyOf[0]);
  return Array.isArray(s.type) ? (s.type.find((t) => t !== "null") ?? "string") : (s.type ?? "string");
}

/** A plausible value of the schema's type (so requests get past the first check and reach deeper code). */
function plausible(s: JsonSchema, ids: number[], name = ""): fc.Arbitrary<unknown> {
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  switch (typeOf(s)) {
    case "integer":
    case "number":
      return fc.constantFrom(...ids, 1, 2);
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(s.items ? plausible(s.items, ids) : fc.string(), { maxLength: 3 });
    case "object":
      return s.properties
        ? fc.record(
            Object.fromEntries(
              Object.entries(s.properties)
                .filter(([k]) => s.required?.includes(k))
                .map(([k, p]) => [k, plausible(p, ids, k)]),
            ),
          )
        : fc.constant({});
    default:
      if (s.format === "email" || /email/i.test(name)) return fc.constant("fuzz@test.jindou");
      if (s.format === "date-time") return fc.constant("2026-06-15T10:00:00+08:00");
      if (/date|^(asOf|from|to|at)$/i.test(name)) return fc.constant("2026-06-15");
      if (/period/i.test(name)) return fc.constant("2026-Q2");
      if (/week/i.test(name)) return fc.constant("2026-W24");
      return fc.constantFrom("测试文本", "Fuzz 12");
  }
}

const nasty = fc.oneof({ arbitrary: fc.constantFrom(...NASTY), weight: 4 }, fc.string({ unit: "binary", maxLength: 20 }), fc.integer(), fc.double());

/**
 * The required properties with plausible values, plus one property (any, when there is one) set to a nasty
 * value: such a request passes every check but one, so a gap in that one reaches the database.
 */
function oneBad(props: Record<string, JsonSchema>, required: string[], ids: number[]): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(props);
  const good = fc.record(Object.fromEntries(keys.filter((k) => required.includes(k)).map((k) => [k, plausible(props[k], ids, k)])));
  if (!keys.length) return good;
  return fc.tuple(good, fc.constantFrom(...keys), nasty).map(([g, k, v]) => ({ ...g, [k]: v }));
}

function bodyOf(s: JsonSchema, ids: number[]): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  return fc.oneof(
    { arbitrary: oneBad(props, s.required ?? [], ids), weight: 4 },
    { arbitrary: fc.record(Object.fromEntries(Object.keys(props).map((k) => [k, nasty])), { requiredKeys: [] }), weight: 1 },
  );
}

/** Percent-encodes; a lone surrogate becomes the invalid UTF-8 it would be (%ED%A0%80), which is fuzz too. */
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "")) + "%ED%A0%80";
  }
};

function requestOf(op: Operation, ids: number[]): fc.Arbitrary<{ url: string; body: unknown; who: Person }> {
  const pathParams = op.params.filter((p) => p.in === "path");
  const queryParams = op.params.filter((p) => p.in === "query");
  const pathValue = fc.oneof(fc.constantFrom(...ids.map(String)), fc.constantFrom("0", "-1", "abc", "%00", "1.5", "99999999999999999999", "%E5%BC%A0", "1%0A"));
  const query = oneBad(
    Object.fromEntries(queryParams.map((p) => [p.name, p.schema])),
    queryParams.filter((p) => (p as { required?: boolean }).required).map((p) => p.name),
    ids,
  );
  const body = op.body
    ? fc.oneof({ arbitrary: bodyOf(op.body, ids), weight: 4 }, { arbitrary: fc.constantFrom<unknown>({}, [], "text", 42, null, { version: 1 }), weight: 1 })
    : fc.constant(undefined);
  return fc
    .record({
      path: fc.tuple(...(pathParams.length ? pathParams.map(() => pathValue) : [fc.constant("")])),
      query,
      body,
      who: fc.constantFrom<Person>("admin", "admin", "manager", "rep"),
    })
    .map(({ path, query, body, who }) => {
      let url = op.path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, path[i]);
      });
      const qs = Object.entries(query)
        .map(([k, v]) => `${enc(k)}=${enc(typeof v === "object" ? JSON.stringify(v) : String(v))}`)
        .join("&");
      return { url: qs ? `${url}?${qs}` : url, body, who };
    });
}

forEachApp("fuzz every operation", (t) => {
  let ops: Operation[] = [];
  let ids: number[] = [];
  let fingerprint: () => Promise<string>;

  beforeAll(async () => {
    const { db } = t();
    await installDefaults(db, t().clock.now);
    const c = await t().call("rep", "POST", "/api/v1/customers", { name: "模糊测试客户有限公司", notes: "第一行\n第二行" });
    ids = [t().ids.rep, t().ids.manager, c.body.customer.id];
    const doc = (await t().call(null, "GET", "/api/docs/json")).body as {
      paths: Record<string, Record<string, { parameters?: Operation["params"]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>>;
    };
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, o] of Object.entries(methods)) {
        // Revoking token 1 signs the admin out for every later operation (which sample hits it shifts as routes are added).
        if (method === "delete" && path === "/api/v1/tokens/{id}") continue;
        ops.push({ method: method.toUpperCase(), path, params: o.parameters ?? [], body: o.requestBody?.content?.["application/json"]?.schema });
      }
    const tables = (await listTables(db)).filter((n) => !VOLATILE.has(n));
    const versioned = new Set<string>();
    for (const tb of await db.introspection.getTables()) if (tb.columns.some((col) => col.name === "version")) versioned.add(tb.name);
    const parts = tables.map((n) =>
      versioned.has(n) ? sql`(select count(*) || ':' || coalesce(sum(version), 0) from ${sql.table(n)})` : sql`(select count(*) || '' from ${sql.table(n)})`,
    );
    fingerprint = async () => {
      const r = await sql<Record<string, string>>`select ${sql.join(parts.map((p, i) => sql`${p} as ${sql.ref(`t${i}`)}`))}`.execute(db);
      return tables.map((n, i) => `${n}=${r.rows[0][`t${i}`]}`).join(" ");
    };
  }, 60_000);

  test(`${PER_OPERATION} malformed requests per operation: no 5xx, the error envelope, and a 4xx changes nothing`, async () => {
    expect(ops.length).toBeGreaterThan(100);
    const problems: string[] = [];
    let sent = 0;
    let fpMs = 0;
    const print = async () => {
      const t0 = performance.now();
      const f = await fingerprint();
      fpMs += performance.now() - t0;
      return f;
    };
    let before = await print();
    const slow: Array<[number, string]> = [];
    for (const [n, op] of ops.entries()) {
      const t0 = performance.now();
      const samples = fc.sample(requestOf(op, ids), { numRuns: PER_OPERATION, seed: 11_000 + n });
      // Always also: a body with nothing in it (the empty PATCH that was an SQL syntax error).
      if (op.body) samples[0] = { ...samples[0], body: op.method === "PATCH" ? { version: 1 } : {} };
      for (const s of samples) {
        const r = await t().call(s.who, op.method as "GET", s.url, s.body ?? undefined);
        sent++;
        const where = `${op.method} ${s.url.slice(0, 120)} ${JSON.stringify(s.body)?.slice(0, 160)} → ${r.status}`;
        const after = await print();
        if (r.status >= 500) problems.push(`${where} ${JSON.stringify(r.body).slice(0, 200)}`);
        else if (r.status >= 400) {
          if (typeof r.body?.error?.code !== "string" || typeof r.body.error.message !== "string" || !("field" in r.body.error))
            problems.push(`${where}: no error envelope`);
          if (after !== before) problems.push(`${where}: a refused request changed the database`);
        }
        before = after;
      }
      slow.push([performance.now() - t0, `${op.method} ${op.path}`]);
    }
    if (process.env.FUZZ_TIMES)
      console.log(
        `fingerprints ${Math.round(fpMs)} ms\n` +
          slow
            .sort((a, b) => b[0] - a[0])
            .slice(0, 15)
            .map(([ms, o]) => `${Math.round(ms)} ${o}`)
            .join("\n"),
      );
    expect(sent).toBe(ops.length * PER_OPERATION);
    expect(problems).toEqual([]);
    // The admin token survived the fuzz (no request revoked it), so later operations were really exercised.
    expect((await t().call("admin", "GET", "/api/v1/auth/me")).status).toBe(200);
  }, 120_000);
});
