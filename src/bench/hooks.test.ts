/** The benchmark server entry's additions: its flags, the fixed clock and the event-loop delay lines marked by SIGUSR2. */
import { describe, expect, it } from "vitest";
import { benchServeArgs, fixedClock, type LoopStats, startEventLoopLog } from "./hooks";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const block = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};
type Line = LoopStats & { mark: boolean; span: LoopStats; run: LoopStats };

describe("fixedClock", () => {
  it("answers the given instant, and refuses what is not one", () => {
    expect(fixedClock("2026-06-30T04:00:00.000Z")()).toBe(Date.UTC(2026, 5, 30, 4));
    expect(() => fixedClock("tomorrow")).toThrow(/--now/);
  });
});

describe("benchServeArgs", () => {
  it("takes --now and --event-loop-log out and leaves the serve command's arguments in order", () => {
    expect(benchServeArgs(["--now", "2026-06-30T04:00:00Z", "--event-loop-log", "1000", "serve", "--database", "x.db", "--port", "0"])).toEqual({
      now: "2026-06-30T04:00:00Z",
      loopMs: 1000,
      rest: ["serve", "--database", "x.db", "--port", "0"],
    });
    expect(benchServeArgs(["serve"])).toEqual({ rest: ["serve"] });
    expect(() => benchServeArgs(["--now"])).toThrow(/needs a value/);
    expect(() => benchServeArgs(["--event-loop-log", "soon"])).toThrow(/whole number/);
  });
});

describe("startEventLoopLog", () => {
  it("reports a 300 ms stall in the span that holds it and not in the next one", async () => {
    const lines: Line[] = [];
    const stop = startEventLoopLog(0, (s) => lines.push(JSON.parse(s.replace(/^event-loop /, ""))));
    try {
      await sleep(50);
      block(300);
      await sleep(50);
      process.emit("SIGUSR2");
      await sleep(80);
      process.emit("SIGUSR2");
    } finally {
      stop();
    }
    expect(lines).toHaveLength(2);
    const [first, second] = lines;
    expect(first.mark).toBe(true);
    expect(first.span.max).toBeGreaterThanOrEqual(250);
    expect(first.span.p50).toBeLessThanOrEqual(first.span.max);
    // the run starts at the first mark: the stall before it is in neither the second span nor the run
    expect(second.span.max).toBeLessThan(first.span.max);
    expect(second.run.max).toBeLessThan(first.span.max);
    expect(second.run.n).toBeGreaterThan(0);
  });
});
