import { expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { quoteRoutes } from "./quote-routes";

// A stored approval policy that is not valid is an error, not a silent return to the default; an admin's save repairs it.
forEachApp(
  "quote approval policy stored broken",
  (t) => {
    test("an invalid stored policy fails the read; saving a valid one replaces it, with its audit row", async () => {
      await t()
        .db.insertInto("settings")
        .values({ key: "cash.approval_policy", value: JSON.stringify([{ overBp: -5, role: "rep" }]), updated_at: t().clock.now })
        .execute();
      expect((await t().call("manager", "GET", "/api/v1/quotes/policy")).status).toBe(500);
      const levels = [
        { overBp: 1000, role: "manager" },
        { overBp: 2000, role: "admin" },
      ];
      expect((await t().call("manager", "PUT", "/api/v1/quotes/policy", { levels })).status).toBe(403);
      expect((await t().call("admin", "PUT", "/api/v1/quotes/policy", { levels })).status).toBe(200);
      const read = await t().call("manager", "GET", "/api/v1/quotes/policy");
      expect(read.status).toBe(200);
      expect(read.body.levels).toEqual(levels);
      const audits = await t().db.selectFrom("audit_log").select(["entity", "action"]).where("entity", "=", "setting").execute();
      expect(audits).toEqual([{ entity: "setting", action: "update" }]);
    });
  },
  { only: [quoteRoutes] },
);
