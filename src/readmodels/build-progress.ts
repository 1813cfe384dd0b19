/**
 * What a person starting Jindou sees while a stale read model is built before it opens (after an upgrade whose
 * migration empties a model, the enterprise demo's visit roll-ups take minutes): on a terminal a progress bar per
 * model on stderr; in a log (no TTY: systemd, docker) one line per model when it starts, one at most every
 * `everyMs` as it goes, and one when it is built, with rows and rows/s.
 */
import cliProgress from "cli-progress";
import type { BuildHooks } from "./build-lock";

export interface ProgressOut {
  /** a bar on process.stderr (a terminal) or lines (a log) */
  tty?: boolean;
  say?: (line: string) => void;
  everyMs?: number;
  clock?: () => number;
}

export function buildProgress(o: ProgressOut = {}): Required<BuildHooks> {
  const { tty = process.stderr.isTTY === true, say = (line: string) => console.error(line), everyMs = 10_000, clock = () => performance.now() } = o;
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  return {
    onStart: (m) => {
      if (tty) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `read model ${m} [{bar}] {percentage}% | {duration_formatted}`, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(1, 0);
      } else say(`read model ${m}: building from the source of truth before the server opens`);
      lastLine = clock();
    },
    onProgress: (m, done, total) => {
      if (bar) {
        bar.setTotal(Math.max(1, total));
        bar.update(done);
      } else if (clock() - lastLine >= everyMs) {
        lastLine = clock();
        say(`read model ${m}: ${total > 0 ? Math.floor((100 * done) / total) : 0}% (${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")})`);
      }
    },
    onBuilt: (m, rows, ms) => {
      bar?.stop();
      bar = null;
      const secs = ms / 1000;
      say(
        `read model ${m} built from the source of truth: ${rows.toLocaleString("en-US")} rows in ${secs.toFixed(1)} s (${Math.round(rows / Math.max(secs, 0.001)).toLocaleString("en-US")} rows/s)`,
      );
    },
  };
}
