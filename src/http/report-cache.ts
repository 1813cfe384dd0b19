/**
 * A per-instance cache for heavy reports (tiering, lifetime value, funnel, forecast). An entry is reused only while
 * the data it was computed from is unchanged, judged by a stamp of cheap index look-ups: the newest audit row
 * (every edit through the API or an import writes one), the newest order, tier assignment, satisfaction entry,
 * stage event (every move, reopen and imported history writes one) and forecast snapshot, and the settings' last change. One computation per key and stamp runs at a time (single flight): callers
 * arriving while it runs share its result. Rows written straight into the database without an audit row or a new
 * id (e.g. by hand in SQL) are not seen until one of those moves; restart the server after such surgery.
 */
import type { Db } from "../db/connect";
import { dataStamp } from "../db/data-stamp";
import type { Viewer } from "../access/viewer";
import { scopeKey } from "../access/visible";

const MAX_ENTRIES = 200;

export class ReportCache {
  private entries = new Map<string, { stamp: string; value: unknown }>();
  /** computations under way, by key and stamp: a second caller waits for the first instead of computing again */
  private inflight = new Map<string, Promise<unknown>>();
  hits = 0;
  misses = 0;

  /** entries held (for tests: what stays resident) */
  get size(): number {
    return this.entries.size;
  }

  async get<T>(db: Db, key: string, compute: () => Promise<T>): Promise<T> {
    const stamp = await dataStamp(db);
    const hit = this.entries.get(key);
    if (hit && hit.stamp === stamp) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const flight = `${stamp}|${key}`;
    const running = this.inflight.get(flight);
    if (running) {
      this.hits++;
      return running as Promise<T>;
    }
    this.misses++;
    // Entries of another stamp are never served again (the stamp only moves on): release them now rather than when
    // MAX_ENTRIES newer ones push them out (a lifetime-value entry holds the whole base's scores).
    for (const [k, e] of this.entries) if (e.stamp !== stamp) this.entries.delete(k);
    const p = compute()
      .then((value) => {
        this.entries.set(key, { stamp, value });
        if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
        return value;
      })
      .finally(() => this.inflight.delete(flight));
    this.inflight.set(flight, p);
    return p;
  }
}

const caches = new WeakMap<Db, ReportCache>();

/** The cache of one database handle (several apps or test databases in one process never share entries). */
export function reportCacheFor(db: Db): ReportCache {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new ReportCache()));
  return c;
}

/**
 * The key of a report route's answer: the path, who asks (their data scope), the query and the minute of `now`.
 * Reports that read the clock (stalled days, "as of now", the last 365 days) are reused within that minute at most;
 * any write that moves the data stamp recomputes them sooner.
 */
export function routeCacheKey(path: string, viewer: Viewer, query: unknown, now: number, tz: string): string {
  return JSON.stringify([path, scopeKey(viewer), query, Math.floor(now / 60_000), tz]);
}
