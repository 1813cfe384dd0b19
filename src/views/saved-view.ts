/**
 * Saved views, pure: which lists have them, what a view holds (filters, columns, sort) and who sees it. A view is
 * personal, or shared with a department: then everyone in that department or in a department below it sees it
 * (a view shared with 销售部 reaches 华东组 under it; one shared with 华东组 does not reach 销售部).
 */
import { invalid } from "../core/errors";

export const VIEW_LISTS = ["customers", "opportunities", "board"] as const;
export type ViewList = (typeof VIEW_LISTS)[number];

export type FilterValue = string | number | boolean | null | Array<string | number>;
export interface ViewContent {
  name: string;
  filters: Record<string, FilterValue>;
  columns: string[];
  sort: string | null;
}

const SORT = /^-?[A-Za-z][A-Za-z0-9_.]{0,59}$/;
const PARAM = /^[A-Za-z][A-Za-z0-9_.]{0,59}$/;

export function checkList(list: string): ViewList {
  if (!(VIEW_LISTS as readonly string[]).includes(list)) throw invalid("list", `views are kept for ${VIEW_LISTS.join(", ")}`, { rule: "viewList" });
  return list as ViewList;
}

/** Checks a view's content; throws INVALID naming the field. Returns it trimmed. */
export function checkContent(v: ViewContent): ViewContent {
  const name = (v.name ?? "").trim();
  if (!name || name.length > 60) throw invalid("name", "a view needs a name of 1-60 characters", { rule: "viewName" });
  const filters = v.filters ?? {};
  if (typeof filters !== "object" || Array.isArray(filters)) throw invalid("filters", "filters are an object of list parameters", { rule: "viewFilters" });
  const entries = Object.entries(filters);
  if (entries.length > 30) throw invalid("filters", "a view keeps at most 30 filters", { rule: "viewFilters" });
  for (const [k, x] of entries) {
    if (!PARAM.test(k)) throw invalid(`filters.${k}`, "a filter is named like a list parameter (letters, digits, _ and .)", { rule: "viewFilterName" });
    const ok =
      x === null ||
      ["string", "number", "boolean"].includes(typeof x) ||
      (Array.isArray(x) && x.length <= 100 && x.every((y) => typeof y === "string" || typeof y === "number"));
    if (!ok || (typeof x === "string" && x.length > 500))
      throw invalid(`filters.${k}`, "a filter value is a text, number, yes/no or a list of texts and numbers", { rule: "viewFilterValue" });
  }
  const columns = v.columns ?? [];
  if (!Array.isArray(columns) || columns.length > 50 || columns.some((c) => typeof c !== "string" || !PARAM.test(c)))
    throw invalid("columns", "columns are up to 50 column keys", { rule: "viewColumns" });
  if (new Set(columns).size !== columns.length) throw invalid("columns", "a column is listed twice", { rule: "viewColumns" });
  const sort = v.sort == null || v.sort === "" ? null : v.sort;
  if (sort !== null && !SORT.test(sort)) throw invalid("sort", 'sort is a column key, "-" first for descending', { rule: "viewSort" });
  return { name, filters, columns, sort };
}

/** The department ids on a tree path "/1/4/9/": the department itself and every one above it. */
export function ancestorIds(path: string | null): number[] {
  if (!path) return [];
  return path
    .split("/")
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

export interface ViewerPlace {
  userId: number;
  isAdmin: boolean;
  departmentPath: string | null;
  managed: readonly number[];
}

/** Whether the viewer sees a view: their own, or one shared with their department or a department above it. */
export function seesView(v: { ownerId: number; departmentId: number | null }, p: ViewerPlace): boolean {
  return v.ownerId === p.userId || (v.departmentId != null && ancestorIds(p.departmentPath).includes(v.departmentId));
}

/**
 * Which departments the viewer may share with: their own or one above it, or one they manage; an admin, any.
 * `null` (personal) is always allowed.
 */
export function canShareWith(departmentId: number | null, p: ViewerPlace): boolean {
  if (departmentId == null || p.isAdmin) return true;
  return ancestorIds(p.departmentPath).includes(departmentId) || p.managed.includes(departmentId);
}
