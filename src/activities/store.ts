/** Activities in the database (visible through their owner or their customer), follow-up lists, and writes with their audit rows. */
import { afterCursor, decodeCursor, keysetPage, sortOrder, sortSpec } from "../db/keyset";
import { fillPinyin } from "../search/pinyin-store";
import { audit, changes } from "../audit/log";
import type { Viewer } from "../access/viewer";
import { dateStart, DAY_MS, localDate } from "../core/dates";
import { AppError, notFound } from "../core/errors";
import { getVisibleCustomer } from "../customers/store";
import type { Db } from "../db/connect";
import type { Row } from "../db/schema";
import { type DbOrTx, inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import { listOpportunities } from "../opportunities/store";
import { countOverdue, overdueQuery } from "./overdue-store";
import { activityView, visibleActivities } from "./view-store";
import { activityDeals, activityDealError } from "./deal-rule-store";
import { activitiesChanged } from "../readmodels/maintain";
import { cadenceAfterContact } from "../tiering/cadence-store";
import { loadSettings } from "../tiering/reports";
import { customAudit, customConditions, saveCustom } from "../fields/values-store";

export { activityView, visibleActivities };

export async function getVisibleActivity(db: DbOrTx, viewer: Viewer, id: number) {
  const row = await visibleActivities(db, viewer).where("a.id", "=", id).executeTakeFirst();
  if (!row) throw notFound("activity");
  return activityView(row);
}

export interface ActivityQuery {
  customer?: number;
  opportunity?: number;
  owner?: number;
  kind?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
  cf?: Record<string, string>;
}

/** One page (plus one row, to tell whether there is more) newest first; from/to are local dates of when it happened or is planned. */
export async function listActivities(db: DbOrTx, viewer: Viewer, f: ActivityQuery, tz: string) {
  let q = visibleActivities(db, viewer);
  if (f.customer) q = q.where("a.customer_id", "=", f.customer);
  if (f.opportunity) q = q.where("a.opportunity_id", "=", f.opportunity);
  if (f.owner) q = q.where("a.owner_id", "=", f.owner);
  if (f.kind) q = q.where("a.kind", "=", f.kind);
  for (const cond of await customConditions(db, "activity", "a.id", f.cf ?? {})) q = q.where(cond);
  const { from, to } = f;
  if (from) q = q.where((eb) => eb(eb.fn.coalesce("a.done_at", "a.planned_at"), ">=", dateStart(from, tz)));
  if (to) q = q.where((eb) => eb(eb.fn.coalesce("a.done_at", "a.planned_at"), "<", dateStart(to, tz) + DAY_MS));
  // Keyset paging, newest first: the page after the cursor's (created_at, id), served by activities (created_at, id).
  const spec = sortSpec({ created: { col: "a.created_at" } }, "-created", "-created", "a.id");
  if (f.cursor) q = q.where(afterCursor(spec, decodeCursor(f.cursor, spec.name)));
  for (const o of sortOrder(spec)) q = q.orderBy(o);
  return keysetPage(await q.limit(f.limit + 1).execute(), f.limit, spec, (r) => ({ value: r.created_at, id: r.id }), activityView);
}

export interface ActivityFields {
  contactId?: number | null;
  opportunityId?: number | null;
  subject?: string | null;
  metPerson?: string | null;
  metTitle?: string | null;
  plannedAt?: number | null;
  doneAt?: number | null;
  outcome?: string | null;
  nextFollowUpAt?: number | null;
  custom?: Record<string, unknown>;
}

/** Records an activity owned by the viewer; a next follow-up also sets the customer's next follow-up date. */
export async function createActivity(
  db: Db,
  viewer: Viewer,
  b: ActivityFields & { kind: string; customerId: number },
  now: number,
  tz: string,
): Promise<number> {
  const customerVisible = !!(await getVisibleCustomer(db, viewer, b.customerId));
  if (b.opportunityId) {
    const e = activityDealError((await activityDeals(db, viewer, [b.opportunityId])).get(b.opportunityId), b.customerId, customerVisible);
    if (e) throw new AppError("INVALID", e.message, e.field);
  } else if (!customerVisible) throw new AppError("INVALID", "customerId is not a customer you can see", "customerId");
  if (b.contactId) {
    const k = await db.selectFrom("contacts").select("customer_id").where("id", "=", b.contactId).executeTakeFirst();
    if (!k || k.customer_id !== b.customerId) throw new AppError("INVALID", "contactId is not a contact of this customer", "contactId");
  }
  if (!b.plannedAt && !b.doneAt) throw new AppError("INVALID", "give plannedAt (a visit plan) or doneAt (what happened)", "plannedAt");
  const days = (await loadSettings(db)).priority.revisitDays;
  return inTx(db, async (tx) => {
    const { id } = await tx
      .insertInto("activities")
      .values({
        external_id: null,
        kind: b.kind as Row<"activities">["kind"],
        customer_id: b.customerId,
        contact_id: b.contactId ?? null,
        opportunity_id: b.opportunityId ?? null,
        owner_id: viewer.id,
        subject: b.subject ?? null,
        met_person: b.metPerson ?? null,
        met_title: b.metTitle ?? null,
        planned_at: b.plannedAt ?? null,
        done_at: b.doneAt ?? null,
        outcome: b.outcome ?? null,
        next_follow_up_at: b.nextFollowUpAt ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (b.nextFollowUpAt)
      await tx
        .updateTable("customers")
        .set({ next_follow_up_date: localDate(b.nextFollowUpAt, tz) })
        .where("id", "=", b.customerId)
        .execute();
    else if (b.doneAt) await cadenceAfterContact(tx, b.customerId, b.doneAt, tz, days);
    await activitiesChanged(tx, [b.opportunityId], [b.customerId]);
    await fillPinyin(tx, ["activities"]); // the stored pinyin search matches by (src/search/pinyin-store.ts)
    await saveCustom(tx, "activity", id, b.custom, "create");
    await audit(tx, viewer.id, "activity", id, "create", { ...b }, now);
    return id;
  });
}

/** Version-checked edit of a visible activity (404 when invisible, 409 when stale). */
export async function updateActivity(db: Db, viewer: Viewer, id: number, version: number, b: ActivityFields, now: number, tz: string): Promise<void> {
  const current = await getVisibleActivity(db, viewer, id);
  if (b.opportunityId) {
    const customerVisible = !!(await getVisibleCustomer(db, viewer, current.customerId));
    const e = activityDealError((await activityDeals(db, viewer, [b.opportunityId])).get(b.opportunityId), current.customerId, customerVisible);
    if (e) throw new AppError("INVALID", e.message, "opportunityId");
  }
  const patch = {
    contact_id: b.contactId,
    opportunity_id: b.opportunityId,
    subject: b.subject,
    met_person: b.metPerson,
    met_title: b.metTitle,
    planned_at: b.plannedAt,
    done_at: b.doneAt,
    outcome: b.outcome,
    next_follow_up_at: b.nextFollowUpAt,
    updated_at: now,
  };
  const days = (await loadSettings(db)).priority.revisitDays;
  await inTx(db, async (tx) => {
    const before = await updateVersioned(tx, "activities", id, version, patch, "activity");
    const customerId = Number(before.customer_id);
    if (b.nextFollowUpAt)
      await tx
        .updateTable("customers")
        .set({ next_follow_up_date: localDate(b.nextFollowUpAt, tz) })
        .where("id", "=", customerId)
        .execute();
    else if (b.doneAt && before.done_at == null) await cadenceAfterContact(tx, customerId, b.doneAt, tz, days);
    await activitiesChanged(tx, [before.opportunity_id, patch.opportunity_id], [customerId]);
    await fillPinyin(tx, ["activities"]); // the stored pinyin search matches by (src/search/pinyin-store.ts)
    const custom = await saveCustom(tx, "activity", id, b.custom, "update");
    await audit(tx, viewer.id, "activity", id, "update", { ...changes(before, patch), ...customAudit(custom) }, now);
  });
}

/** A rep's to-dos: overdue and due follow-ups, visits planned today, the current stage's actions, stalled deals. */
export async function followUps(db: Db, viewer: Viewer, owner: number | undefined, now: number, tz: string) {
  const todayStart = dateStart(localDate(now, tz), tz);
  const base = () => visibleActivities(db, viewer);
  const mine = (q: ReturnType<typeof base>) => (owner ? q.where("a.owner_id", "=", owner) : viewer.role === "rep" ? q.where("a.owner_id", "=", viewer.id) : q);
  const [overdueCount, overdue, today, upcoming] = await Promise.all([
    countOverdue(db, viewer, owner, now, tz),
    overdueQuery(db, viewer, owner, now, tz).orderBy("a.next_follow_up_at").orderBy("a.id").limit(200).execute(),
    mine(base())
      .where((eb) =>
        eb.or([
          eb.and([eb("a.planned_at", ">=", todayStart), eb("a.planned_at", "<", todayStart + DAY_MS), eb("a.done_at", "is", null)]),
          eb.and([eb("a.next_follow_up_at", ">=", todayStart), eb("a.next_follow_up_at", "<", todayStart + DAY_MS)]),
        ]),
      )
      .orderBy("a.planned_at")
      .limit(200)
      .execute(),
    mine(base())
      .where("a.next_follow_up_at", ">=", todayStart + DAY_MS)
      .where("a.next_follow_up_at", "<", todayStart + 7 * DAY_MS)
      .orderBy("a.next_follow_up_at")
      .limit(200)
      .execute(),
  ]);
  const open = await listOpportunities(
    db,
    viewer,
    { status: "open", owner: owner ?? (viewer.role === "rep" ? viewer.id : undefined), sort: "expected_close", limit: 500 },
    now,
  );
  const stageIds = [...new Set(open.map((o) => o.stageId))];
  const actions = stageIds.length ? await db.selectFrom("stage_actions").selectAll().where("stage_id", "in", stageIds).orderBy("position").execute() : [];
  return {
    overdue: overdue.map(activityView),
    overdueCount,
    today: today.map(activityView),
    upcoming: upcoming.map(activityView),
    stageActions: open
      .slice(0, 50)
      .map((o) => ({
        opportunityId: o.id,
        title: o.title,
        customerName: o.customerName,
        stageNameZh: o.stageNameZh,
        stageNameEn: o.stageNameEn,
        actions: actions.filter((a) => a.stage_id === o.stageId).map((a) => ({ textZh: a.text_zh, textEn: a.text_en })),
      }))
      .filter((s) => s.actions.length),
    stalled: open.filter((o) => o.stalled).slice(0, 100),
  };
}
