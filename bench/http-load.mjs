// Worker thread for HTTP benchmarks: N concurrent clients, each moving its own opportunity forward and back
// through POST /opportunities/:id/transition until the deadline. Runs off the server's thread (bench/moves.ts runs the
// server in a child process), as a real client would. Each client reads its opportunity's version and stage first (before the
// measured window: it posts { ready } and waits for a message), so runs can follow each other on the same database. workerData: { base, token, opps, backTo, seconds }.
import { parentPort, workerData } from "node:worker_threads";

const { base, token, opps, backTo, seconds } = workerData;
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
// a keep-alive socket the server closed just as a request went out fails the fetch: such a request is tried again
const read = async (id) => {
  for (let tries = 1; ; tries++) {
    try {
      return await (await fetch(`${base}/opportunities/${id}`, { headers })).json();
    } catch (e) {
      if (tries >= 5) throw e;
    }
  }
};
const versions = await Promise.all(opps.map(read));
// the parent starts the server's measurement now, and answers "go"
parentPort.postMessage({ ready: true });
await new Promise((resolve) => parentPort.once("message", resolve));
const end = Date.now() + seconds * 1000;
let moves = 0,
  errors = 0;
await Promise.all(
  opps.map(async (id, i) => {
    let { version, stageId } = versions[i],
      forward = stageId === backTo;
    while (Date.now() < end) {
      const body = forward ? { version, action: "advance", override: true, reason: "bench" } : { version, action: "back", toStageId: backTo, reason: "bench" };
      // a failed fetch (see read) counts as an error
      const r = await fetch(`${base}/opportunities/${id}/transition`, { method: "POST", headers, body: JSON.stringify(body) }).catch(() => null);
      const j = r && (await r.json());
      if (r?.ok) {
        moves++;
        version = j.version;
        forward = !forward;
      } else {
        errors++;
        ({ version, stageId } = await read(id));
        forward = stageId === backTo;
      }
    }
  }),
);
parentPort.postMessage({ moves, errors });
