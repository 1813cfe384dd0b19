// Worker thread for HTTP benchmarks: N concurrent clients, each moving its own opportunity forward and back
// through POST /opportunities/:id/transition until the deadline. Runs off the server's thread (bench/moves.ts runs the
// server in a child process), as a real client would. Each client reads its opportunity's version and stage first, so runs
// can follow each other on the same database, then (warmSeconds) moves unmeasured for a while so the server's code is
// optimised, then posts { ready } and waits for a message before the measured window. workerData: { base, tokens, opps, backTo, seconds, warmSeconds }.
import { parentPort, workerData } from "node:worker_threads";

const { base, tokens, opps, backTo, seconds, warmSeconds = 0 } = workerData;
// client i moves opps[i] as the owner whose token is tokens[i]
const headersOf = (i) => ({ authorization: `Bearer ${tokens[i]}`, "content-type": "application/json" });
// a keep-alive socket the server closed just as a request went out fails the fetch: such a request is tried again
const read = async (id, i) => {
  for (let tries = 1; ; tries++) {
    try {
      return await (await fetch(`${base}/opportunities/${id}`, { headers: headersOf(i) })).json();
    } catch (e) {
      if (tries >= 5) throw e;
    }
  }
};
const versions = await Promise.all(opps.map((id, i) => read(id, i)));
let moves = 0,
  errors = 0;
/** Every client moves its opportunity forward and back until `end`, counting moves and refusals. */
const run = (end) =>
  Promise.all(
    opps.map(async (id, i) => {
      let { version, stageId } = versions[i],
        forward = stageId === backTo;
      while (Date.now() < end) {
        const body = forward
          ? { version, action: "advance", override: true, reason: "bench" }
          : { version, action: "back", toStageId: backTo, reason: "bench" };
        // a failed fetch (see read) counts as an error
        const r = await fetch(`${base}/opportunities/${id}/transition`, { method: "POST", headers: headersOf(i), body: JSON.stringify(body) }).catch(
          () => null,
        );
        const j = r && (await r.json());
        if (r?.ok) {
          moves++;
          version = j.version;
          forward = !forward;
        } else {
          errors++;
          ({ version, stageId } = await read(id, i));
          forward = stageId === backTo;
        }
      }
      versions[i] = { version, stageId: forward ? backTo : -1 };
    }),
  );
// warm-up (not measured): the server's code reaches its optimised steady state before the window
if (warmSeconds > 0) await run(Date.now() + warmSeconds * 1000);
moves = 0;
errors = 0;
// the parent starts the server's measurement now, and answers "go"
parentPort.postMessage({ ready: true });
await new Promise((resolve) => parentPort.once("message", resolve));
await run(Date.now() + seconds * 1000);
parentPort.postMessage({ moves, errors });
