/**
 * Overdue follow-ups: activities whose next follow-up date is before today (the organisation's day) and after which
 * nothing was logged for the customer. One query builder for the briefing's list, its true count and the paged list
 * (keyset on next_follow_up_at, id), so the tile and the list agree however many there are.
 */
import { type ExpressionBuilder, sql } from "kysely";
import type { Viewer } from "../access/viewer";
import { dateStart, localDate } from "../core/dates";
import { decodeCursor, encodeCursor } from "../db/keyset";
import type { Database } from "../db/schema";
import type { DbOrTx } from "../db/tx";
import { activityView, visibleActivities } from "./view-store";

const SORT = "overdue";

/** The rule, for any query over `activities as a`: the next follow-up is before `todayStart` and nothing was logged for the customer since. */
export const overdueFollowUp = (todayStart: number) => (eb: ExpressionBuilder<Database & { a: Database["activities"] }, "a">) =>
  eb.and([
    eb("a.next_follow_up_at", "is not", null),
    eb("a.next_follow_up_at", "<", todayStart),
    eb.not(
      eb.exists(
        eb
          .selectFrom("activities as later")
          .select("later.id")
          .whereRef("later.customer_id", "=", "a.customer_id")
          .whereRef("later.created_at", ">", "a.created_at"),
      ),
    ),
  ]);

/** The owner narrows to one person; a rep without one sees their own. */
export function overdueQuery(db: DbOrTx, viewer: Viewer, owner: number | undefined, now: number, tz: string) {
  const todayStart = dateStart(localDate(now, tz), tz);
  let q = visibleActivities(db, viewer).where(overdueFollowUp(todayStart));
  const who = owner ?? (viewer.role === "rep" ? viewer.id : undefined);
  if (who) q = q.where("a.owner_id", "=", who);
  return q;
}

export async function countOverdue(db: DbOrTx, viewer: Viewer, owner: number | undefined, now: number, tz: string): Promise<number> {
  const r = await db
    .selectFrom(overdueQuery(db, viewer, owner, now, tz).as("x"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** One page, oldest due first, with the cursor of the next and the true total. */
export async function overduePage(db: DbOrTx, viewer: Viewer, f: { owner?: number; limit: number; cursor?: string }, now: number, tz: string) {
  let q = overdueQuery(db, viewer, f.owner, now, tz);
  if (f.cursor) {
    const c = decodeCursor(f.cursor, SORT);
    q = q.where(sql<boolean>`(a.next_follow_up_at > ${c.value} or (a.next_follow_up_at = ${c.value} and a.id > ${c.id}))`);
  }
  const [rows, total] = await Promise.all([
    q
      .orderBy("a.next_follow_up_at")
      .orderBy("a.id")
      .limit(f.limit + 1)
      .execute(),
    countOverdue(db, viewer, f.owner, now, tz),
  ]);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    items: page.map(activityView),
    nextCursor: last && rows.length > f.limit ? encodeCursor(SORT, Number(last.next_follow_up_at), last.id) : null,
    total,
  };
}
