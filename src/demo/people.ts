/** Demo teams and users: one admin, a manager per team, reps spread over the teams with different skill. */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { personName } from "./names";
import { hash32, type Rng } from "./random";
import { SALES_REGIONS } from "./words";

export const DEMO_PASSWORD = "jindou-demo-2026";
export const DEMO_EMAIL_DOMAIN = "demo.jindou";

export interface DemoTeam {
  id: number;
  name: string;
  region: number;
  managerId: number;
}
export interface DemoRep {
  id: number;
  team: number;
  /** odds multiplier on every stage step (1 = average) */
  skill: number;
  /** relative number of customers and deals */
  volume: number;
}
export interface DemoPeople {
  adminId: number;
  teams: DemoTeam[];
  reps: DemoRep[];
}

const NUMERALS = ["一", "二", "三", "四", "五", "六"];
/** How many teams each sales region gets, largest first, for a company of `n` teams. */
function teamRegions(n: number): number[] {
  const weights = [6, 5, 4, 3, 3, 2, 2];
  const out: number[] = [];
  for (let round = 0; out.length < n; round++)
    for (let r = 0; r < weights.length && out.length < n; r++) if (round < weights[r] || round >= weights[0]) out.push(r);
  return out.sort((a, b) => a - b);
}

export async function createPeople(
  conn: Kysely<Database>,
  rng: Rng,
  opts: {
    seed: number;
    teams: number;
    reps: number;
    now: number;
    passwordHash: string;
  },
): Promise<DemoPeople> {
  const created = opts.now - 800 * 86_400_000;
  const user = async (email: string, role: "admin" | "manager" | "rep", n: number, team: number | null) => {
    const { id } = await conn
      .insertInto("users")
      .values({
        email,
        name: personName(hash32(opts.seed, 9_000 + n)).name,
        password_hash: opts.passwordHash,
        role,
        team_id: team,
        locale: "zh-CN",
        active: 1,
        created_at: created,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return id;
  };
  const adminId = await user(`admin@${DEMO_EMAIL_DOMAIN}`, "admin", 0, null);
  const regions = teamRegions(opts.teams);
  const perRegion = new Map<number, number>();
  const teams: DemoTeam[] = [];
  for (let t = 0; t < opts.teams; t++) {
    const region = regions[t];
    const k = perRegion.get(region) ?? 0;
    perRegion.set(region, k + 1);
    const total = regions.filter((r) => r === region).length;
    const name = total === 1 ? `${SALES_REGIONS[region].name}大区` : `${SALES_REGIONS[region].name}${NUMERALS[k] ?? k + 1}区`;
    const { id } = await conn.insertInto("teams").values({ name, manager_id: null, created_at: created }).returning("id").executeTakeFirstOrThrow();
    const managerId = await user(`manager${t + 1}@${DEMO_EMAIL_DOMAIN}`, "manager", 100 + t, id);
    await conn.updateTable("teams").set({ manager_id: managerId }).where("id", "=", id).execute();
    teams.push({ id, name, region, managerId });
  }
  const reps: DemoRep[] = [];
  for (let r = 0; r < opts.reps; r++) {
    const team = r % opts.teams;
    const id = await user(`rep${r + 1}@${DEMO_EMAIL_DOMAIN}`, "rep", 1_000 + r, teams[team].id);
    reps.push({ id, team, skill: Math.min(2.2, Math.max(0.45, rng.logNormal(1, 0.35))), volume: Math.min(2.5, Math.max(0.4, rng.logNormal(1, 0.35))) });
  }
  return { adminId, teams, reps };
}
