/** Saved views' SQL: list the ones a viewer sees, create, edit and delete (the owner only), each write audited. */
import { audit } from "../audit/log";
import type { Viewer } from "../access/viewer";
import { AppError, conflict, forbidden, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import type { Row } from "../db/schema";
import { type DbOrTx, inTx } from "../db/tx";
import { ancestorIds, canShareWith, checkContent, checkList, type FilterValue, type ViewContent, type ViewerPlace } from "./saved-view";

export interface SavedView {
  id: number;
  list: string;
  name: string;
  ownerId: number;
  ownerName: string | null;
  departmentId: number | null;
  departmentName: string | null;
  mine: boolean;
  filters: Record<string, FilterValue>;
  columns: string[];
  sort: string | null;
  version: number;
  updatedAt: number;
}

/** Where the viewer sits: their department's tree path and the departments they manage. */
export async function viewerPlace(db: DbOrTx, viewer: Viewer): Promise<ViewerPlace> {
  const u = await db
    .selectFrom("users as u")
    .leftJoin("departments as d", "d.id", "u.department_id")
    .select(["d.path"])
    .where("u.id", "=", viewer.id)
    .executeTakeFirst();
  const managed = await db.selectFrom("department_managers").select("department_id").where("user_id", "=", viewer.id).execute();
  return { userId: viewer.id, isAdmin: viewer.role === "admin", departmentPath: u?.path ?? null, managed: managed.map((m) => Number(m.department_id)) };
}

function baseQuery(db: DbOrTx, place: ViewerPlace) {
  const deps = ancestorIds(place.departmentPath);
  return db
    .selectFrom("saved_views as v")
    .leftJoin("users as u", "u.id", "v.owner_id")
    .leftJoin("departments as d", "d.id", "v.department_id")
    .selectAll("v")
    .select(["u.name as owner_name", "d.name as department_name"])
    .where((eb) => eb.or([eb("v.owner_id", "=", place.userId), eb("v.department_id", "in", deps.length ? deps : [-1])]));
}

type Joined = Row<"saved_views"> & { owner_name: string | null; department_name: string | null };
const viewOf = (r: Joined, userId: number): SavedView => ({
  id: Number(r.id),
  list: r.list,
  name: r.name,
  ownerId: Number(r.owner_id),
  ownerName: r.owner_name,
  departmentId: r.department_id == null ? null : Number(r.department_id),
  departmentName: r.department_name,
  mine: Number(r.owner_id) === userId,
  filters: JSON.parse(r.filters),
  columns: JSON.parse(r.columns),
  sort: r.sort,
  version: r.version,
  updatedAt: Number(r.updated_at),
});

/** The viewer's own views of a list, then those shared with their department or one above it, by name. */
export async function listViews(db: Db, viewer: Viewer, list: string): Promise<SavedView[]> {
  const l = checkList(list);
  const place = await viewerPlace(db, viewer);
  const rows = await baseQuery(db, place).where("v.list", "=", l).orderBy("v.name").orderBy("v.id").execute();
  return rows.map((r) => viewOf(r, viewer.id)).sort((a, b) => Number(b.mine) - Number(a.mine));
}

/** A view the viewer sees, or 404. */
export async function getView(db: DbOrTx, viewer: Viewer, id: number): Promise<SavedView> {
  const place = await viewerPlace(db, viewer);
  const r = await baseQuery(db, place).where("v.id", "=", id).executeTakeFirst();
  if (!r) throw notFound("view");
  return viewOf(r, viewer.id);
}

async function checkShare(tx: DbOrTx, place: ViewerPlace, departmentId: number | null): Promise<void> {
  if (departmentId == null) return;
  if (!(await tx.selectFrom("departments").select("id").where("id", "=", departmentId).executeTakeFirst()))
    throw new AppError("INVALID", `no department ${departmentId}`, "departmentId", undefined, { rule: "viewDepartment" });
  if (!canShareWith(departmentId, place))
    throw new AppError("INVALID", "share with your own department, one above it, or one you manage", "departmentId", undefined, { rule: "viewShare" });
}

async function assertNameFree(tx: DbOrTx, ownerId: number, list: string, name: string, exceptId: number): Promise<void> {
  if (
    await tx
      .selectFrom("saved_views")
      .select("id")
      .where("owner_id", "=", ownerId)
      .where("list", "=", list)
      .where("name", "=", name)
      .where("id", "!=", exceptId)
      .executeTakeFirst()
  )
    throw new AppError("DUPLICATE", `you have a view named "${name}" for this list`, "name", undefined, { rule: "viewName" });
}

/** `shared: true` without a department shares with the viewer's own department. */
function sharedWith(place: ViewerPlace, b: { departmentId?: number | null; shared?: boolean }): number | null | undefined {
  if (b.departmentId !== undefined || b.shared === undefined) return b.departmentId;
  if (!b.shared) return null;
  const own = ancestorIds(place.departmentPath).at(-1);
  if (own === undefined) throw new AppError("INVALID", "you are in no department to share with", "shared", undefined, { rule: "viewNoDepartment" });
  return own;
}

export async function createView(
  db: Db,
  viewer: Viewer,
  b: ViewContent & { list: string; departmentId?: number | null; shared?: boolean },
  now: number,
): Promise<number> {
  const list = checkList(b.list);
  const c = checkContent(b);
  return inTx(db, async (tx) => {
    const place = await viewerPlace(tx, viewer);
    const departmentId = sharedWith(place, b) ?? null;
    await checkShare(tx, place, departmentId);
    await assertNameFree(tx, viewer.id, list, c.name, -1);
    const { id } = await tx
      .insertInto("saved_views")
      .values({
        list,
        name: c.name,
        owner_id: viewer.id,
        department_id: departmentId,
        filters: JSON.stringify(c.filters),
        columns: JSON.stringify(c.columns),
        sort: c.sort,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(tx, viewer.id, "saved_view", Number(id), "create", { list, ...c, departmentId }, now);
    return Number(id);
  });
}

/** The owner edits (versioned); someone who only sees a shared view gets 403, someone who does not see it 404. */
export async function updateView(
  db: Db,
  viewer: Viewer,
  id: number,
  version: number,
  b: Partial<ViewContent> & { departmentId?: number | null; shared?: boolean },
  now: number,
): Promise<void> {
  await inTx(db, async (tx) => {
    const cur = await getView(tx, viewer, id);
    if (!cur.mine) throw forbidden("only the view's owner changes it");
    const c = checkContent({
      name: b.name ?? cur.name,
      filters: b.filters ?? cur.filters,
      columns: b.columns ?? cur.columns,
      sort: b.sort === undefined ? cur.sort : b.sort,
    });
    const place = await viewerPlace(tx, viewer);
    const asked = sharedWith(place, b);
    const departmentId = asked === undefined ? cur.departmentId : asked;
    if (departmentId !== cur.departmentId) await checkShare(tx, place, departmentId);
    await assertNameFree(tx, viewer.id, cur.list, c.name, id);
    const r = await tx
      .updateTable("saved_views")
      .set({
        name: c.name,
        filters: JSON.stringify(c.filters),
        columns: JSON.stringify(c.columns),
        sort: c.sort,
        department_id: departmentId,
        updated_at: now,
        version: cur.version + 1,
      })
      .where("id", "=", id)
      .where("version", "=", version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw conflict("view", version, cur.version);
    await audit(tx, viewer.id, "saved_view", id, "update", { ...b }, now);
  });
}

export async function deleteView(db: Db, viewer: Viewer, id: number, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    const cur = await getView(tx, viewer, id);
    if (!cur.mine) throw forbidden("only the view's owner deletes it");
    await tx.deleteFrom("saved_views").where("id", "=", id).execute();
    await audit(tx, viewer.id, "saved_view", id, "delete", { name: cur.name, list: cur.list }, now);
  });
}
