/**
 * Demo customers: an in-memory model (typed arrays, so 200,000 customers stay small) that the deal and order
 * generators update, then written with their contacts once their lifecycle is known.
 */
import { DAY_MS } from "../core/dates";
import type { BulkWriter, Cell } from "./bulk";
import { spec } from "./bulk";
import { normaliseName } from "../customers/normalise";
import { companyName, creditCode, mobile, personName } from "./names";
import type { DemoPeople } from "./people";
import { hash32, Rng, table } from "./random";
import { CONTACT_TITLES, type DecisionRole, INDUSTRIES, MORE_TITLES, SALES_REGIONS, TAGS } from "./words";

export interface CustomerModel {
  n: number;
  /** id of customer 0; customer i has id firstId + i */
  firstId: number;
  firstContactId: number;
  owner: Int32Array;
  team: Int16Array;
  region: Uint8Array;
  industry: Uint8Array;
  city: Int16Array;
  /** 1 when the record is a second entry of an earlier customer under a variant name */
  duplicate: Uint8Array;
  /** standard-normal "size and value" score: drives revenue, deal size, order frequency, priority */
  z: Float64Array;
  createdAt: Float64Array;
  contactFirst: Int32Array;
  contactCount: Uint8Array;
  names: string[];
  shorts: string[];
  domains: string[];
  /** filled by the deal and order generators */
  won: Int32Array;
  openStage: Int8Array;
  orders: Int32Array;
  lastOrderAt: Float64Array;
  churnAt: Float64Array;
  /** cumulative weights for drawing the customer of a new deal */
  dealWeight: Float64Array;
}

const WINDOW = 730 * DAY_MS;
/** The size bands the tiering rules know (large / medium / small). */
const sizeBands = ["small", "medium", "large"];

/** The flattened city list of a sales region. */
const citiesOf = (region: number) => SALES_REGIONS[region].cities;

export function buildCustomers(rng: Rng, people: DemoPeople, n: number, now: number, firstId: number, firstContactId: number): CustomerModel {
  const m: CustomerModel = {
    n,
    firstId,
    firstContactId,
    owner: new Int32Array(n),
    team: new Int16Array(n),
    region: new Uint8Array(n),
    duplicate: new Uint8Array(n),
    industry: new Uint8Array(n),
    city: new Int16Array(n),
    z: new Float64Array(n),
    createdAt: new Float64Array(n),
    contactFirst: new Int32Array(n),
    contactCount: new Uint8Array(n),
    names: new Array<string>(n),
    shorts: new Array<string>(n),
    domains: new Array<string>(n),
    won: new Int32Array(n),
    openStage: new Int8Array(n).fill(-1),
    orders: new Int32Array(n),
    lastOrderAt: new Float64Array(n),
    churnAt: new Float64Array(n),
    dealWeight: new Float64Array(n),
  };
  const repWeights = people.reps.map((r) => r.volume);
  const industryWeights = INDUSTRIES.map((x) => x.weight);
  let contactId = firstContactId;
  let cum = 0;
  for (let i = 0; i < n; i++) {
    const rep = people.reps[rng.weighted(repWeights)];
    const region = people.teams[rep.team].region;
    const cities = citiesOf(region);
    // Big cities host more companies: the first cities of a region are drawn more often.
    const city = Math.min(cities.length - 1, Math.floor(cities.length * rng.next() ** 1.6));
    const industry = rng.weighted(industryWeights);
    const z = rng.normal();
    // A quarter were already customers before the two-year window; the rest arrive over it, faster lately.
    const created = rng.chance(0.25) ? now - WINDOW - rng.range(30, 1_500) * DAY_MS : now - WINDOW + WINDOW * rng.next() ** 0.8 - rng.range(0, 20) * DAY_MS;
    const name = companyName(rng, cities[city], INDUSTRIES[industry]);
    // Now and then the same company is entered twice under a variant of its name (A1 duplicate detection).
    const dup = i > 10 && rng.chance(0.004) ? rng.int(0, i - 1) : -1;
    m.names[i] = dup >= 0 ? m.names[dup].replace(/(集团)?(股份)?有限(责任)?公司$/u, "") + (rng.chance(0.5) ? "有限公司" : "") : name.name;
    m.shorts[i] = dup >= 0 ? m.shorts[dup] : name.short;
    m.domains[i] = name.domain;
    m.owner[i] = rep.id;
    m.team[i] = rep.team;
    m.region[i] = region;
    m.duplicate[i] = dup >= 0 ? 1 : 0;
    m.industry[i] = industry;
    m.city[i] = city;
    m.z[i] = z;
    m.createdAt[i] = Math.round(created);
    const contacts = Math.min(5, Math.max(1, Math.round(1.6 + 0.8 * z + rng.range(-0.7, 1.2))));
    m.contactFirst[i] = contactId;
    m.contactCount[i] = contacts;
    contactId += contacts;
    // Key accounts get many more deals than the long tail.
    cum += 0.25 + Math.exp(0.9 * z);
    m.dealWeight[i] = cum;
  }
  return m;
}

/** Index of a customer drawn in proportion to its deal weight. */
export function pickCustomer(m: CustomerModel, rng: Rng): number {
  const u = rng.next() * m.dealWeight[m.n - 1];
  let lo = 0;
  let hi = m.n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (m.dealWeight[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface DemoContact {
  id: number;
  name: string;
  title: string;
  role: DecisionRole;
}

/** The k-th contact of customer i, recomputed from ids instead of being stored. */
export function contactOf(m: CustomerModel, seed: number, i: number, k: number): DemoContact {
  const id = m.contactFirst[i] + k;
  const h = hash32(seed, id, 5);
  const [title, role] = k < CONTACT_TITLES.length && h % 4 !== 0 ? CONTACT_TITLES[k] : MORE_TITLES[h % MORE_TITLES.length];
  return { id, name: personName(hash32(seed, id)).name, title, role };
}

/** The contact to meet at a given depth of the deal: buyers and users early, decision makers late. */
export function contactForStage(m: CustomerModel, seed: number, i: number, depth: number, rng: Rng): DemoContact {
  const count = m.contactCount[i];
  const k = depth > 0.6 && count > 1 && rng.chance(0.6) ? 1 : Math.min(count - 1, rng.int(0, count - 1));
  return contactOf(m, seed, i, k);
}

export const customersSpec = spec(
  "customers",
  "id name:text name_norm:text credit_code:text industry:text region:text size_band:text channel:text " +
    "owner_id credit_rating:text prospect_rating:text lifecycle_stage:text priority:text tags:text notes:text next_follow_up_date:text created_at updated_at",
);
export const contactsSpec = spec("contacts", "id customer_id name:text title:text decision_role:text phone:text email:text created_at updated_at");

const channel = table([
  ["direct", 55],
  ["distributor", 25],
  ["partner", 12],
  ["online", 8],
] as const);
const credit = table([
  ["A", 30],
  ["B", 45],
  ["C", 20],
  ["D", 5],
] as const);

/** Lifecycle stage (keys of the lifecycle pipeline) from what the deal and order generators recorded. */
export function lifecycleOf(m: CustomerModel, i: number, now: number, loyalOrders: number): string {
  if (m.orders[i] > 0) {
    if (m.churnAt[i] > 0 && m.churnAt[i] < now - 90 * DAY_MS) return "churned";
    return m.orders[i] >= loyalOrders && m.lastOrderAt[i] > now - 120 * DAY_MS ? "loyal" : "customer";
  }
  if (m.openStage[i] >= 2) return "potential_buyer";
  return m.openStage[i] >= 0 || m.won[i] > 0 ? "admirer" : "prospect";
}

export const shanghaiDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

export async function writeCustomers(m: CustomerModel, w: BulkWriter, seed: number, now: number, progress: (done: number) => void): Promise<void> {
  const rng = new Rng(seed, 40);
  // Loyal: buys clearly more often than the average buyer, and bought recently.
  let buyers = 0;
  let orders = 0;
  for (let i = 0; i < m.n; i++)
    if (m.orders[i] > 0) {
      buyers++;
      orders += m.orders[i];
    }
  const loyalOrders = Math.max(3, (1.5 * orders) / Math.max(1, buyers));
  for (let i = 0; i < m.n; i++) {
    const id = m.firstId + i;
    const z = m.z[i];
    const city = citiesOf(m.region[i])[m.city[i]];
    const band = Math.max(0, Math.min(2, Math.floor(1 + 0.9 * z + rng.range(-0.6, 0.6))));
    const priority = z > 1.04 || m.openStage[i] >= 3 ? "high" : z > -0.2 ? "medium" : "low";
    const prospect = z + rng.normal() * 0.7 > 0.5 ? "high" : z + rng.normal() * 0.7 > -0.6 ? "medium" : "low";
    const tags: string[] = [];
    for (let t = rng.int(0, 3); t > 0; t--) {
      const tag = rng.pick(TAGS);
      if (!tags.includes(tag)) tags.push(tag);
    }
    // Codes derive from the index, so they are unique; a duplicate entry usually lacks one.
    const hasCode = rng.chance(0.7) && m.duplicate[i] === 0;
    const active = m.openStage[i] >= 0 || m.orders[i] > 0;
    const follow = active ? shanghaiDate(now + rng.range(-25, 30) * DAY_MS) : null;
    const created = m.createdAt[i];
    const row: Cell[] = [
      id,
      m.names[i],
      normaliseName(m.names[i]),
      hasCode ? creditCode(city.code, i) : null,
      INDUSTRIES[m.industry[i]].name,
      city.province,
      sizeBands[band],
      channel(rng),
      m.owner[i],
      credit(rng),
      prospect,
      lifecycleOf(m, i, now, loyalOrders),
      priority,
      JSON.stringify(tags),
      rng.chance(0.05) ? "客户要求开具增值税专用发票" : null,
      follow,
      created,
      Math.max(created, Math.min(now, m.lastOrderAt[i] || created)),
    ];
    if (w.add(customersSpec, row)) await w.flushFull();
    for (let k = 0; k < m.contactCount[i]; k++) {
      const c = contactOf(m, seed, i, k);
      const pinyin = personName(hash32(seed, c.id)).pinyin;
      const contact: Cell[] = [
        c.id,
        id,
        c.name,
        c.title,
        c.role,
        rng.chance(0.9) ? mobile(hash32(seed, c.id, 9)) : null,
        rng.chance(0.6) ? `${pinyin}${c.id % 1000}@${m.domains[i]}` : null,
        created,
        created,
      ];
      if (w.add(contactsSpec, contact)) await w.flushFull();
    }
    if ((i & 1023) === 0) progress(i);
  }
  progress(m.n);
}
