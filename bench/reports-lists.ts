/**
 * The list and search probes of bench/reports-http.ts over HTTP as the admin: the opportunity list's first page and
 * its 1,000th page (reached by walking the opaque cursors; only that page's request is timed) and `GET /search` with
 * three Chinese characters, each the median of 5 beside the best hand-written SQL for the same rows on the pg driver.
 */
import type { Target } from "./reports-http";

export interface ListRow {
  name: string;
  ms: number;
  ref: number;
}
type GetJson = (s: Target, who: "admin", path: string) => Promise<{ ms: number; body: unknown }>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const RUNS = 5;

const listSql = (where: string) => `select o.*, s.key as stage_key, c.name as customer_name, u.name as owner_name, f.last_activity_at
  from opportunities o join stages s on s.id = o.stage_id join customers c on c.id = o.customer_id
  left join users u on u.id = o.owner_id left join opportunity_facts f on f.opportunity_id = o.id
  ${where} order by o.updated_at desc, o.id desc limit 11`;
const like = (cols: string[]) => `(${cols.map((c) => `lower(${c}) like $1`).join(" or ")})`;
const SEARCH = [
  `select c.id, c.name, c.credit_code, u.name from customers c left join users u on u.id = c.owner_id where ${like(["c.name", "c.credit_code", "c.external_id"])} order by c.name, c.id limit 8`,
  `select k.id, k.name, k.title, k.phone, k.email, c.name from contacts k join customers c on c.id = k.customer_id where ${like(["k.name", "k.phone", "k.email", "k.title"])} order by k.name, k.id limit 8`,
  `select o.id, o.title, o.status, c.name from opportunities o join customers c on c.id = o.customer_id where ${like(["o.title"])} order by o.title, o.id limit 8`,
  `select a.id, a.kind, a.subject, a.met_person, c.name from activities a join customers c on c.id = a.customer_id where ${like(["a.subject", "a.met_person"])} order by a.created_at desc, a.id desc limit 8`,
  `select q.id, q.number, q.status, o.title from quotes q join opportunities o on o.id = q.opportunity_id where ${like(["q.number", "q.note"])} order by q.id desc limit 8`,
];

async function pair(s: Target, getJson: GetJson, name: string, path: string, ref: () => Promise<unknown>): Promise<ListRow> {
  const ours: number[] = [],
    refs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push((await getJson(s, "admin", path)).ms);
    const t = performance.now();
    await ref();
    refs.push(performance.now() - t);
  }
  return { name, ms: median(ours), ref: median(refs) };
}

export async function listProbes(s: Target, getJson: GetJson): Promise<ListRow[]> {
  type Page = { items: Array<{ id: number }>; nextCursor: string | null };
  let cursor: string | null = null;
  for (let i = 0; i < 999; i++) {
    cursor = ((await getJson(s, "admin", `/opportunities?limit=10${cursor ? `&cursor=${cursor}` : ""}`)).body as Page).nextCursor;
    if (!cursor) throw new Error(`the list ends before page ${i + 2}`);
  }
  const page1000 = `/opportunities?limit=10&cursor=${cursor}`;
  const first = ((await getJson(s, "admin", page1000)).body as Page).items[0];
  const { rows } = await s.raw.query("select updated_at from opportunities where id = $1", [first.id]);
  const at = rows[0].updated_at;
  const name: string = (await s.raw.query("select name from customers order by id limit 1")).rows[0].name;
  const q = name.slice(1, 4);
  const pattern = `%${q.toLowerCase()}%`;
  return [
    await pair(s, getJson, "opportunities, first page (10)", "/opportunities?limit=10", () => s.raw.query(listSql(""))),
    await pair(s, getJson, "opportunities, 1,000th page", page1000, () =>
      s.raw.query(listSql("where (o.updated_at < $1 or (o.updated_at = $1 and o.id <= $2))"), [at, first.id]),
    ),
    await pair(s, getJson, `search q=${q}`, `/search?q=${encodeURIComponent(q)}`, () => Promise.all(SEARCH.map((sql) => s.raw.query(sql, [pattern])))),
  ];
}
