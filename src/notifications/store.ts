/**
 * The notifications centre's storage. Any feature raises a notice with notify(tx, …) inside its own transaction;
 * a notice with a dedupeKey is raised once per user (a second notify with the same key is a no-op).
 */
import type { DbOrTx } from "../db/tx";

export type NotificationKind = "approval_waiting" | "followup_overdue" | "deal_stalled" | "pool_warning" | (string & {});

export interface NotifyInput {
  userId: number;
  kind: NotificationKind;
  /** values the web app puts into the kind's sentence (names, counts, dates); never translated text */
  params?: Record<string, string | number | boolean | null>;
  /** where the notice leads in the web app, e.g. "/opportunities/12" */
  link?: string | null;
  /** the same key for the same user is stored once ("stalled:opp:12:stage:3") */
  dedupeKey?: string | null;
  now?: number;
}

export interface NotificationView {
  id: number;
  kind: string;
  params: Record<string, unknown>;
  link: string | null;
  createdAt: number;
  readAt: number | null;
}

/** Raises a notice; returns true when a row was written (false when its dedupe key was there already). */
export async function notify(tx: DbOrTx, n: NotifyInput): Promise<boolean> {
  const res = await tx
    .insertInto("notifications")
    .values({
      user_id: n.userId,
      kind: n.kind,
      params: JSON.stringify(n.params ?? {}),
      link: n.link ?? null,
      dedupe_key: n.dedupeKey ?? null,
      created_at: n.now ?? Date.now(),
      read_at: null,
    })
    .onConflict((oc) => oc.columns(["user_id", "dedupe_key"]).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

const view = (r: { id: number; kind: string; params: string; link: string | null; created_at: number; read_at: number | null }): NotificationView => ({
  id: Number(r.id),
  kind: r.kind,
  params: safeJson(r.params),
  link: r.link,
  createdAt: Number(r.created_at),
  readAt: r.read_at === null ? null : Number(r.read_at),
});

function safeJson(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(s);
    return v && typeof v === "object" ? v : {};
  } catch {
    return {};
  }
}

/** The user's notices, newest first, keyset-paged by id. */
export async function listNotifications(db: DbOrTx, userId: number, opts: { unread?: boolean; limit: number; before?: number }) {
  let q = db.selectFrom("notifications").select(["id", "kind", "params", "link", "created_at", "read_at"]).where("user_id", "=", userId);
  if (opts.unread) q = q.where("read_at", "is", null);
  if (opts.before) q = q.where("id", "<", opts.before);
  const rows = await q
    .orderBy("id", "desc")
    .limit(opts.limit + 1)
    .execute();
  const items = rows.slice(0, opts.limit).map(view);
  return { items, nextBefore: rows.length > opts.limit ? items[items.length - 1].id : null };
}

export async function unreadCount(db: DbOrTx, userId: number): Promise<number> {
  const r = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Marks the given notices (or all) of the user read; another user's ids are ignored. Returns how many changed. */
export async function markRead(db: DbOrTx, userId: number, ids: number[] | "all", now: number): Promise<number> {
  let q = db.updateTable("notifications").set({ read_at: now }).where("user_id", "=", userId).where("read_at", "is", null);
  if (ids !== "all") {
    if (!ids.length) return 0;
    q = q.where("id", "in", ids);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}
