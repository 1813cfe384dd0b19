/** A customer's record in the database: create with the duplicate check, the 360 view, the versioned edit — writes with their audit rows in one transaction. */
import { audit, changes } from "../audit/log";
import { fillPinyin } from "../search/pinyin-store";
import { assertCanAssign } from "../access/assign";
import type { Viewer } from "../access/viewer";
import { AppError, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import { isValidCreditCode, normaliseCreditCode, normaliseName } from "./normalise";
import { loadSettings } from "../tiering/reports";
import { applyCadence } from "../tiering/cadence-store";
import { canEditCustomer, type DuplicateHit, findDuplicates, getPoolCustomer, getVisibleCustomer, lifecycleKey } from "./store";
import { poolCountdowns } from "../pools/facts-store";
import { maskEmail, maskPhone } from "../pools/store";
import { customAudit, saveCustom } from "../fields/values-store";
import { activityView } from "../activities/view-store";

export interface CustomerFields {
  name?: string;
  externalId?: string | null;
  creditCode?: string | null;
  industry?: string | null;
  region?: string | null;
  sizeBand?: string | null;
  channel?: string | null;
  ownerId?: number;
  creditRating?: string | null;
  prospectRating?: string | null;
  lifecycleStage?: string | null;
  priority?: "high" | "medium" | "low" | null;
  tags?: string[];
  notes?: string | null;
  nextFollowUpDate?: string | null;
  custom?: Record<string, unknown>;
}

function columns(b: CustomerFields) {
  return {
    name: b.name,
    name_norm: b.name === undefined ? undefined : normaliseName(b.name),
    external_id: b.externalId,
    credit_code: b.creditCode === undefined ? undefined : b.creditCode ? normaliseCreditCode(b.creditCode) : null,
    industry: b.industry,
    region: b.region,
    size_band: b.sizeBand,
    channel: b.channel,
    owner_id: b.ownerId,
    credit_rating: b.creditRating,
    prospect_rating: b.prospectRating,
    lifecycle_stage: b.lifecycleStage,
    priority: b.priority,
    tags: b.tags === undefined ? undefined : JSON.stringify(b.tags),
    notes: b.notes,
    next_follow_up_date: b.nextFollowUpDate,
  };
}

function checkCreditCode(code: string | null | undefined) {
  if (code && !isValidCreditCode(code))
    throw new AppError("INVALID", "creditCode is not a valid 18-character unified social credit code (统一社会信用代码)", "creditCode");
}

/** Creates a customer owned by `ownerId ?? viewer`; a same credit code is refused, a similar name is flagged as a possible duplicate. */
export async function createCustomer(
  db: Db,
  viewer: Viewer,
  b: CustomerFields & { name: string },
  now: number,
  tz: string,
): Promise<{ id: number; duplicates: DuplicateHit[] }> {
  checkCreditCode(b.creditCode);
  const ownerId = b.ownerId ?? viewer.id;
  await assertCanAssign(db, viewer, ownerId);
  const days = b.priority ? (await loadSettings(db)).priority.revisitDays : null;
  return inTx(db, async (tx) => {
    const lifecycleStage = await lifecycleKey(tx, b.lifecycleStage);
    const duplicates = await findDuplicates(tx, b.name, b.creditCode ?? null);
    const sameCode = duplicates.find((d) => d.reason === "credit_code");
    if (sameCode)
      throw new AppError("DUPLICATE", `credit code ${b.creditCode} belongs to customer #${sameCode.id} ${sameCode.name}`, "creditCode", { duplicates });
    if (b.externalId && (await tx.selectFrom("customers").select("id").where("external_id", "=", b.externalId).executeTakeFirst()))
      throw new AppError("DUPLICATE", `externalId ${b.externalId} is taken`, "externalId");
    const { id } = await tx
      .insertInto("customers")
      .values({
        ...columns(b),
        name: b.name,
        name_norm: normaliseName(b.name),
        owner_id: ownerId,
        tags: JSON.stringify(b.tags ?? []),
        lifecycle_stage: lifecycleStage ?? null,
        priority_source: b.priority ? "manual" : null,
        duplicate_of: duplicates[0]?.id ?? null,
        created_at: now,
        updated_at: now,
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    if (days && !b.nextFollowUpDate) await applyCadence(tx, [id], now, tz, days);
    await fillPinyin(tx, ["customers"]); // the stored pinyin search matches by (src/search/pinyin-store.ts)
    await saveCustom(tx, "customer", id, b.custom, "create");
    await audit(tx, viewer.id, "customer", id, "create", { ...b, duplicateOf: duplicates[0]?.id }, now);
    return { id, duplicates };
  });
}

/**
 * Version-checked edit of a visible customer (404 invisible, 409 stale, 409 DUPLICATE for a credit code in use). A rename
 * is checked for duplicates as creation is; the same-name hits are returned (undefined when the name did not change).
 */
export async function updateCustomer(
  db: Db,
  viewer: Viewer,
  id: number,
  version: number,
  b: CustomerFields,
  now: number,
  tz: string,
): Promise<DuplicateHit[] | undefined> {
  if (!(await getVisibleCustomer(db, viewer, id))) throw notFound("customer");
  if (!(await canEditCustomer(db, viewer, id))) throw new AppError("FORBIDDEN", "this customer is shared with you read-only", "id");
  checkCreditCode(b.creditCode);
  if (b.ownerId) await assertCanAssign(db, viewer, b.ownerId);
  const days = b.priority ? (await loadSettings(db)).priority.revisitDays : null;
  return inTx(db, async (tx) => {
    if (b.creditCode) {
      const dup = (await findDuplicates(tx, "\u0000", b.creditCode, id)).find((d) => d.reason === "credit_code");
      if (dup) throw new AppError("DUPLICATE", `credit code belongs to customer #${dup.id} ${dup.name}`, "creditCode");
    }
    const patch: Record<string, unknown> = { ...columns(b), lifecycle_stage: await lifecycleKey(tx, b.lifecycleStage), updated_at: now };
    // a priority set by hand is kept by the nightly job; clearing it hands it back to the job
    if (b.priority !== undefined) patch.priority_source = b.priority === null ? null : "manual";
    // a rename is checked for duplicates as creation is: the record points at the first customer of the same name
    let duplicates: DuplicateHit[] | undefined;
    if (b.name !== undefined) {
      duplicates = (await findDuplicates(tx, b.name, null, id)).filter((d) => d.reason === "name");
      patch.duplicate_of = duplicates[0]?.id ?? null;
    }
    const before = await updateVersioned(tx, "customers", id, version, patch, "customer");
    if (days && b.priority !== before.priority) await applyCadence(tx, [id], now, tz, days);
    await fillPinyin(tx, ["customers"]); // the stored pinyin search matches by (src/search/pinyin-store.ts)
    const custom = await saveCustom(tx, "customer", id, b.custom, "update");
    await audit(tx, viewer.id, "customer", id, "update", { ...changes(before, patch), ...customAudit(custom) }, now);
    return duplicates;
  });
}

/** The customer 360: the record, its contacts, opportunities, activities, orders, tier history and possible duplicates. */
/** The 360 view; a customer waiting in one of the viewer's pools is shown too, its contacts masked if the pool says so. */
export async function customer360(db: Db, viewer: Viewer, id: number, now = Date.now(), tz = "Asia/Shanghai") {
  const c = (await getVisibleCustomer(db, viewer, id)) ?? (await getPoolCustomer(db, viewer, id));
  if (!c) throw notFound("customer");
  const pool = c.inPool && c.poolId != null ? await db.selectFrom("pools").select("mask_contacts").where("id", "=", c.poolId).executeTakeFirst() : null;
  const masked = !!pool?.mask_contacts;
  const countdown = (await poolCountdowns(db, [c.id], now, tz)).get(c.id) ?? null;
  const [contacts, opportunities, activities, orders, tiers, duplicates] = await Promise.all([
    db.selectFrom("contacts").selectAll().where("customer_id", "=", c.id).orderBy("id").execute(),
    db
      .selectFrom("opportunities as o")
      .innerJoin("stages as s", "s.id", "o.stage_id")
      .select([
        "o.id",
        "o.title",
        "o.amount_fen",
        "o.status",
        "o.expected_close_date",
        "o.owner_id",
        "o.pipeline_id",
        "s.name_zh",
        "s.name_en",
        "s.probability",
        "o.version",
      ])
      .where("o.customer_id", "=", c.id)
      .orderBy("o.created_at", "desc")
      .limit(200)
      .execute(),
    db.selectFrom("activities").selectAll().where("customer_id", "=", c.id).orderBy("created_at", "desc").limit(100).execute(),
    db.selectFrom("orders").selectAll().where("customer_id", "=", c.id).orderBy("ordered_at", "desc").limit(50).execute(),
    db
      .selectFrom("tier_assignments")
      .select(["scheme", "tier", "score", "computed_at"])
      .where("customer_id", "=", c.id)
      .orderBy("computed_at", "desc")
      .limit(200)
      .execute(),
    findDuplicates(db, c.name, c.creditCode, c.id),
  ]);
  return {
    ...c,
    duplicates,
    poolCountdown: countdown,
    contactsMasked: masked,
    contacts: contacts.map((k) => ({
      id: k.id,
      name: k.name,
      title: k.title,
      decisionRole: k.decision_role,
      phone: masked ? maskPhone(k.phone) : k.phone,
      email: masked ? maskEmail(k.email) : k.email,
      notes: k.notes,
      version: k.version,
    })),
    opportunities: opportunities.map((o) => ({
      id: o.id,
      title: o.title,
      amountFen: o.amount_fen,
      status: o.status,
      expectedCloseDate: o.expected_close_date,
      ownerId: o.owner_id,
      pipelineId: o.pipeline_id,
      stageNameZh: o.name_zh,
      stageNameEn: o.name_en,
      probability: o.probability,
      version: o.version,
    })),
    activities: activities.map((a) => activityView(a)),
    orders: orders.map((o) => ({ id: o.id, orderedAt: o.ordered_at, amountFen: o.amount_fen, costFen: o.cost_fen, units: o.units, product: o.product })),
    tiers: tiers.map((t) => ({ scheme: t.scheme, tier: t.tier, score: t.score, computedAt: t.computed_at })),
  };
}
