/**
 * Queries built and compiled once per shape, for the hot path (the sign-in lookup, the move's read): Kysely builds and
 * compiles a query on every call, which costs more CPU than running a small one. A query is built with stand-in
 * values (`slot(i)`) where the per-call values go, compiled, and cached under a key naming everything else that shapes
 * its SQL and its other parameters; each call then only swaps the call's values in for the stand-ins.
 */
import { type Compilable, CompiledQuery, type QueryResult } from "kysely";
import type { Db } from "./connect";
import type { DbOrTx } from "./tx";

/** Stand-in values: numbers no id or time can be, so each is found by identity among the compiled parameters. */
const SLOT_BASE = -7_340_000_000_000;
const slot = (i: number) => SLOT_BASE - i;
const STAND_IN_DIGITS = String(-SLOT_BASE).slice(0, 6);
const slotIndex = (p: unknown) => (typeof p === "number" && p <= SLOT_BASE && p > SLOT_BASE - 100 ? SLOT_BASE - p : -1);

interface Template {
  sql: string;
  parameters: readonly unknown[];
}
const MAX_SHAPES = 1000;
const caches = new WeakMap<object, Map<string, Template | null>>();

/**
 * Runs the query that `build(slot)` makes, with `values[i]` for `slot(i)`, compiling it only the first time `key` is
 * seen on `db`. `key` must name everything `build` depends on apart from the slots (a slot may go unused). A shape in
 * which a stand-in was turned into other text (folded into the SQL, or into a string parameter) is never cached: it is
 * built with the real values on every call.
 */
export async function runPrecompiled<R>(
  db: Db,
  q: DbOrTx,
  key: string,
  values: readonly unknown[],
  // a stand-in goes where a value of any column type goes
  build: (slot: (i: number) => any) => Compilable<R>,
): Promise<QueryResult<R>> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let t = cache.get(key);
  if (t === undefined) {
    const c = build(slot).compile();
    // a stand-in turned into other text (`${slot(0)}%`, sql.lit) would be cached as if it were a constant
    const folded = c.sql.includes(STAND_IN_DIGITS) || c.parameters.some((p) => typeof p === "string" && p.includes(STAND_IN_DIGITS));
    t = folded ? null : { sql: c.sql, parameters: c.parameters };
    if (cache.size >= MAX_SHAPES) cache.clear();
    cache.set(key, t);
  }
  if (t === null) {
    const real = (i: number) => values[i];
    return q.executeQuery(build(real));
  }
  const parameters = t.parameters.map((p) => {
    const i = slotIndex(p);
    return i >= 0 ? values[i] : p;
  });
  return q.executeQuery(CompiledQuery.raw(t.sql, parameters) as CompiledQuery<R>);
}
