/** One input layer (issue 11): control characters, impossible dates, empty PATCHes, malformed request lines — 400 with the envelope on both engines. */
import net from "node:net";
import { beforeAll, expect, test } from "vitest";
import { installDefaults } from "../pipelines/install";
import { badTextPath } from "./input-guard";
import { forEachApp } from "./testing";

test("control characters are found by path; breaks and tabs only in long text", () => {
  expect(badTextPath({ name: "a\u0000b" }, "", false)).toBe("name");
  expect(badTextPath({ notes: "line 1\nline 2\tend\r\n" }, "", false)).toBeNull();
  expect(badTextPath({ notes: "bell\u0007" }, "", false)).toBe("notes");
  expect(badTextPath({ name: "two\nlines" }, "", false)).toBe("name");
  expect(badTextPath({ schedule: [{ note: "ok\n" }, { dueDate: "x\u001b" }] }, "", false)).toBe("schedule.1.dueDate");
  expect(badTextPath({ "k\u0000": 1 }, "", false)).toBe("k\u0000");
  expect(badTextPath({ tags: ["a", "b\u0000"] }, "", false)).toBe("tags.1");
  expect(badTextPath(Buffer.from([0, 1, 2]), "", false)).toBeNull();
});

forEachApp("input layer", (t) => {
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    const { db } = t();
    await installDefaults(db, t().clock.now);
    ids.stage = (await db.selectFrom("stages").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    ids.reason = (await db.selectFrom("lost_reasons").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    ids.criterion = (await db.selectFrom("stage_criteria").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    ids.action = (await db.selectFrom("stage_actions").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  });
  const count = async () =>
    Number(
      (
        await t()
          .db.selectFrom("customers")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test("a NUL or control character in any text field is 400 naming the field, and nothing is stored", async () => {
    const before = await count();
    for (const [body, field] of [
      [{ name: "坏\u0000名字" }, "name"],
      [{ name: "ok", region: "\u0007" }, "region"],
      [{ name: "ok", tags: ["x\u0000"] }, "tags.0"],
    ] as const) {
      const r = await t().call("rep", "POST", "/api/v1/customers", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toMatchObject({ code: "INVALID", field });
    }
    expect(await count()).toBe(before);
    const q = await t().call("rep", "GET", "/api/v1/customers?q=a%00b");
    expect(q.status).toBe(400);
    expect(q.body.error.field).toBe("q");
  });

  test("line breaks and tabs are kept in notes, refused in a name", async () => {
    const ok = await t().call("rep", "POST", "/api/v1/customers", { name: "换行测试公司", notes: "第一行\n第二行\t缩进" });
    expect(ok.status).toBe(201);
    expect(ok.body.customer.notes).toBe("第一行\n第二行\t缩进");
    const bad = await t().call("rep", "POST", "/api/v1/customers", { name: "换行\n公司" });
    expect(bad.status).toBe(400);
  });

  test("dates are real calendar dates", async () => {
    const feb30 = await t().call("rep", "POST", "/api/v1/customers", { name: "日期测试公司", nextFollowUpDate: "2026-02-30" });
    expect(feb30.status).toBe(400);
    expect(feb30.body.error.field).toBe("nextFollowUpDate");
    expect((await t().call("rep", "POST", "/api/v1/customers", { name: "日期测试公司二", nextFollowUpDate: "2028-02-29" })).status).toBe(201);
    const report = await t().call("manager", "GET", "/api/v1/reports/funnel?asOf=2026-02-30");
    expect(report.status).toBe(400);
    expect(report.body.error).toMatchObject({ code: "INVALID", field: "asOf" });
    expect((await t().call("manager", "GET", "/api/v1/reports/funnel?asOf=2026-02-28")).status).toBe(200);
  });

  test("a PATCH with nothing to change is 400 on users, lost reasons, stages, criteria and actions", async () => {
    for (const url of [
      `/api/v1/users/${t().ids.rep}`,
      `/api/v1/lost-reasons/${ids.reason}`,
      `/api/v1/stages/${ids.stage}`,
      `/api/v1/criteria/${ids.criterion}`,
      `/api/v1/actions/${ids.action}`,
    ]) {
      for (const body of [{}, { unknownField: 1 }]) {
        const r = await t().call("admin", "PATCH", url, body);
        expect(r.status, `${url} ${JSON.stringify(body)}`).toBe(400);
        expect(r.body.error.code).toBe("INVALID");
        expect(r.body.error.message).toMatch(/nothing to change/);
      }
    }
  });

  test("a raw UTF-8 request line gets the documented error envelope", async () => {
    const { app } = t();
    await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const port = (app.server.address() as net.AddressInfo).port;
      const raw = await new Promise<string>((resolve, reject) => {
        const s = net.connect(port, "127.0.0.1", () =>
          s.write(
            Buffer.concat([
              Buffer.from("GET /api/v1/customers?q="),
              Buffer.from("张三", "utf8"),
              Buffer.from(` HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t().tokens.rep}\r\nConnection: close\r\n\r\n`),
            ]),
          ),
        );
        let data = "";
        s.on("data", (c) => (data += c))
          .on("end", () => resolve(data))
          .on("error", reject);
      });
      expect(raw.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
      const body = JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));
      expect(body.error).toMatchObject({ code: "INVALID", field: "url" });
      expect(body.error.message).toMatch(/percent-encode/);
    } finally {
      await app.server.close();
    }
  });
});
