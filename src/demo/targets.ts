/** Demo sales targets (E2): per rep and team per month over the history and the next quarter, and per year for the company. */
import { DAY_MS } from "../core/dates";
import { type Cell, spec } from "./bulk";
import type { DemoContext } from "./context";
import { shanghaiDate } from "./customers";

export const targetsSpec = spec("targets", "scope:text scope_id period:text amount_fen units:int4 updated_at");

/** Months from two years back to three ahead, as "YYYY-MM". */
function months(now: number): string[] {
  const out: string[] = [];
  const [y, m] = shanghaiDate(now).split("-").map(Number);
  for (let k = -24; k <= 3; k++) {
    const t = y * 12 + (m - 1) + k;
    out.push(`${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`);
  }
  return out;
}

export async function writeTargets(ctx: DemoContext): Promise<void> {
  const list = months(ctx.now);
  const updated = ctx.now - 800 * DAY_MS;
  const teamMonth = new Map<string, number>();
  const companyYear = new Map<string, number>();
  let companyMonthly = 0;
  const add = async (row: Cell[]) => {
    if (ctx.writer.add(targetsSpec, row)) await ctx.writer.flushFull();
  };
  for (const [r, rep] of ctx.people.reps.entries()) {
    let sum = 0;
    for (const mo of list) sum += ctx.wonByRepMonth.get(`${r}|${mo}`) ?? 0;
    // A stretch of 15 % over the rep's average month, rounded to 万 (a manager's round number).
    const monthly = Math.max(1_000_000, Math.round(((sum / 24) * 1.15) / 1_000_000) * 1_000_000);
    companyMonthly += monthly;
    for (const mo of list) {
      await add(["user", rep.id, mo, monthly, null, updated]);
      const key = `${rep.team}|${mo}`;
      teamMonth.set(key, (teamMonth.get(key) ?? 0) + monthly);
    }
  }
  for (const [key, amount] of teamMonth) {
    const [team, mo] = key.split("|");
    await add(["team", ctx.people.teams[Number(team)].id, mo, amount, null, updated]);
  }
  for (const year of new Set(list.map((mo) => mo.slice(0, 4)))) companyYear.set(year, companyMonthly * 12);
  for (const [year, amount] of companyYear) await add(["company", null, year, amount, null, updated]);
}
