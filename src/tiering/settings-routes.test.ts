import { expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { tieringRoutes } from "./routes";
import { DEFAULT_TIERING } from "./settings-model";

// Corrupt stored settings are an error, not a silent fall-back to the defaults; an admin's save repairs them.
forEachApp(
  "tiering settings stored broken",
  (t) => {
    const store = (value: string) => t().db.insertInto("settings").values({ key: "tiering", value, updated_at: t().clock.now }).execute();
    const clear = () => t().db.deleteFrom("settings").where("key", "=", "tiering").execute();

    test("unreadable JSON fails the read loudly; saving a section replaces the row", async () => {
      await store("{not json");
      expect((await t().call("manager", "GET", "/api/v1/settings/tiering")).status).toBe(500);
      const saved = await t().call("admin", "PUT", "/api/v1/settings/tiering", { abc: { a: 0.6, b: 0.85, topFraction: 0.2 } });
      expect(saved.status).toBe(200);
      const read = await t().call("manager", "GET", "/api/v1/settings/tiering");
      expect(read.status).toBe(200);
      expect(read.body.abc).toEqual({ a: 0.6, b: 0.85, topFraction: 0.2 });
      expect(read.body.pyramid).toEqual(DEFAULT_TIERING.pyramid);
      await clear();
    });

    test("an invalid stored section fails the read; the next save keeps the valid sections and resets the broken one", async () => {
      await store(JSON.stringify({ abc: { a: 0.6, b: 0.85, topFraction: 0.2 }, pyramid: [{ key: "x", nameZh: "x", nameEn: "x", share: 0.5 }] }));
      const bad = await t().call("manager", "GET", "/api/v1/settings/tiering");
      expect(bad.status).toBe(500);
      expect(bad.body.error.code).toBe("INTERNAL");
      const saved = await t().call("admin", "PUT", "/api/v1/settings/tiering", { rfm: DEFAULT_TIERING.rfm });
      expect(saved.status).toBe(200);
      expect(saved.body.abc).toEqual({ a: 0.6, b: 0.85, topFraction: 0.2 });
      expect(saved.body.pyramid).toEqual(DEFAULT_TIERING.pyramid);
      expect((await t().call("manager", "GET", "/api/v1/settings/tiering")).status).toBe(200);
      await clear();
    });
  },
  { only: [tieringRoutes] },
);
