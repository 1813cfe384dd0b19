import { expect, test } from "vitest";
import { AppError } from "../core/errors";
import { ancestorIds, canShareWith, checkContent, checkList, seesView, type ViewerPlace } from "./saved-view";

const fieldOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return [e.code, e.field];
    throw e;
  }
  return null;
};

// 销售部 (1) ⊃ 华东组 (4) ⊃ 上海小组 (9); 华南组 (5) is a sibling of 华东组.
const shanghaiRep: ViewerPlace = { userId: 7, isAdmin: false, departmentPath: "/1/4/9/", managed: [] };
const salesHead: ViewerPlace = { userId: 2, isAdmin: false, departmentPath: "/1/", managed: [1] };

test("a view shared with a department reaches the departments below it, not those above or beside", () => {
  expect(ancestorIds("/1/4/9/")).toEqual([1, 4, 9]);
  expect(ancestorIds(null)).toEqual([]);
  expect(seesView({ ownerId: 2, departmentId: 1 }, shanghaiRep)).toBe(true);
  expect(seesView({ ownerId: 2, departmentId: 4 }, shanghaiRep)).toBe(true);
  expect(seesView({ ownerId: 7, departmentId: 9 }, salesHead)).toBe(false);
  expect(seesView({ ownerId: 3, departmentId: 5 }, shanghaiRep)).toBe(false);
  expect(seesView({ ownerId: 3, departmentId: null }, shanghaiRep)).toBe(false);
  expect(seesView({ ownerId: 7, departmentId: null }, shanghaiRep)).toBe(true);
  expect(seesView({ ownerId: 3, departmentId: 1 }, { ...shanghaiRep, departmentPath: null })).toBe(false);
});

test("one shares with one's own department or one above, or one managed; an admin with any", () => {
  expect(canShareWith(null, shanghaiRep)).toBe(true);
  expect(canShareWith(4, shanghaiRep)).toBe(true);
  expect(canShareWith(5, shanghaiRep)).toBe(false);
  expect(canShareWith(9, salesHead)).toBe(false);
  expect(canShareWith(1, salesHead)).toBe(true);
  expect(canShareWith(5, { ...salesHead, managed: [1, 5] })).toBe(true);
  expect(canShareWith(5, { ...shanghaiRep, isAdmin: true })).toBe(true);
});

test("a view's content is checked field by field", () => {
  expect(
    checkContent({
      name: " 重点客户 ",
      filters: { tier: "abc:A", owner: 3, archived: false, tags: ["vip", 2] },
      columns: ["name", "owner"],
      sort: "-updatedAt",
    }),
  ).toEqual({ name: "重点客户", filters: { tier: "abc:A", owner: 3, archived: false, tags: ["vip", 2] }, columns: ["name", "owner"], sort: "-updatedAt" });
  expect(checkContent({ name: "x", filters: {}, columns: [], sort: "" }).sort).toBeNull();
  expect(fieldOf(() => checkContent({ name: " ", filters: {}, columns: [], sort: null }))).toEqual(["INVALID", "name"]);
  expect(fieldOf(() => checkContent({ name: "x", filters: { "bad key": 1 }, columns: [], sort: null }))).toEqual(["INVALID", "filters.bad key"]);
  expect(fieldOf(() => checkContent({ name: "x", filters: { q: { deep: 1 } as never }, columns: [], sort: null }))).toEqual(["INVALID", "filters.q"]);
  expect(fieldOf(() => checkContent({ name: "x", filters: [] as never, columns: [], sort: null }))).toEqual(["INVALID", "filters"]);
  expect(fieldOf(() => checkContent({ name: "x", filters: {}, columns: ["a", "a"], sort: null }))).toEqual(["INVALID", "columns"]);
  expect(fieldOf(() => checkContent({ name: "x", filters: {}, columns: [], sort: "name; drop" }))).toEqual(["INVALID", "sort"]);
  expect(checkList("board")).toBe("board");
  expect(fieldOf(() => checkList("orders"))).toEqual(["INVALID", "list"]);
});
