/**
 * Test helper run as a second process by build-lock.test.ts: builds the stale read models of the database given as
 * argv[2], saying "locked <model>" once it holds a model's lock and lingering there argv[3] ms before building, and
 * printing the models it built as JSON at the end.
 */
import { openDb } from "../db/connect";
import { buildStaleModels } from "./build-lock";

const [url, linger] = process.argv.slice(2);
const h = openDb(url);
const built = await buildStaleModels(h.db, "Asia/Shanghai", Date.parse("2026-06-15T04:00:00Z"), {
  onStart: async (m) => {
    process.stdout.write(`locked ${m}\n`);
    await new Promise((r) => setTimeout(r, Number(linger)));
  },
});
process.stdout.write(`${JSON.stringify(built)}\n`);
await h.close();
