// Worker thread for HTTP benchmarks: N concurrent clients, each moving its own opportunity forward and back
// through POST /opportunities/:id/transition until the deadline. Runs off the server's thread, as a real
// client would. workerData: { base, token, opps, backTo, seconds }.
import { parentPort, workerData } from "node:worker_threads";

const { base, token, opps, backTo, seconds } = workerData;
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
const end = Date.now() + seconds * 1000;
let moves = 0,
  errors = 0;
await Promise.all(
  opps.map(async (id) => {
    let version = 1,
      forward = true;
    while (Date.now() < end) {
      const body = forward ? { version, action: "advance", override: true, reason: "bench" } : { version, action: "back", toStageId: backTo, reason: "bench" };
      const r = await fetch(`${base}/opportunities/${id}/transition`, { method: "POST", headers, body: JSON.stringify(body) });
      const j = await r.json();
      if (r.ok) {
        moves++;
        version = j.version;
        forward = !forward;
      } else {
        errors++;
        version = (await (await fetch(`${base}/opportunities/${id}`, { headers })).json()).version;
      }
    }
  }),
);
parentPort.postMessage({ moves, errors });
