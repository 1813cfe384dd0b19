/** CLI twins of the forecast reports (`jindou report forecast|forecast-friday|forecast-accuracy`) and `jindou model report|train`. */
import { percentCell } from "../core/report-cells";
import type { Command } from "commander";
import { moneyCell } from "../core/money";
import type { ReportCommand } from "../cli/report-registry";
import { cliViewer, openForCli } from "../cli/context";
import Table from "cli-table3";
import { columns } from "./features";
import { latestModel, trainAndScore } from "./model-store";
import { nextStepForModel } from "../init/state-store";
import { accuracyReport, forecastReport, fridayView, periodParam } from "./reports";
import type { ForecastLine } from "./sums";

const lineRow = (l: ForecastLine & { name: string | null }) => ({
  scope: l.scope,
  id: l.scopeId ?? "",
  name: l.name ?? (l.scope === "company" ? "全公司" : ""),
  won: moneyCell(l.wonFen),
  commit: moneyCell(l.categories.commit.weightedFen),
  best_case: moneyCell(l.categories.best_case.weightedFen),
  pipeline: moneyCell(l.categories.pipeline.weightedFen),
  omitted: moneyCell(l.categories.omitted.weightedFen),
  forecast: moneyCell(l.forecastFen),
  forecast_fen: l.forecastFen,
});

export const forecastReportCommand: ReportCommand = {
  name: "forecast",
  description: "Forecast for a month or quarter: won + amount × probability by category, rep → team → company",
  options: [
    ["--period <key>", "2026-Q2 or 2026-06 (default: this quarter)"],
    ["--probability <source>", "stage | predicted", "stage"],
  ],
  async run({ db, viewer, opts, now, config }) {
    const p = periodParam(opts.period, "quarter", now, config.TZ_ORG);
    const r = await forecastReport(db, viewer, p, config.TZ_ORG, { probability: opts.probability === "predicted" ? "predicted" : "stage" });
    return {
      title: `Forecast ${r.period} (${r.probability} probabilities)`,
      rows: [lineRow(r.company), ...r.teams.map(lineRow), ...r.reps.map(lineRow)],
      json: r,
    };
  },
};

export const fridayReportCommand: ReportCommand = {
  name: "forecast-friday",
  description: "The Friday view: this quarter's forecast, movement since last week, biggest changes, at-risk commits",
  options: [["--period <key>", "2026-Q2 (default: this quarter)"]],
  async run({ db, viewer, opts, now, config }) {
    const v = await fridayView(db, viewer, periodParam(opts.period, "quarter", now, config.TZ_ORG), now, config.TZ_ORG);
    const m = v.movement;
    return {
      title:
        `Forecast ${v.period}: ${moneyCell(m.forecastFen)}; since ${v.comparedWithWeek ?? "(no earlier snapshot)"}: ${m.deltaFen === null ? "—" : moneyCell(m.deltaFen)}; ` +
        `at-risk commits ${v.atRiskCommits.count} (${moneyCell(v.atRiskCommits.amountFen)})`,
      rows: v.biggestChanges.map((c) => ({
        id: c.opportunityId,
        title: c.title,
        owner: c.ownerId,
        kind: c.kind,
        amount: moneyCell(c.amountFen),
        change: moneyCell(c.deltaFen),
      })),
      json: v,
    };
  },
};

export const accuracyReportCommand: ReportCommand = {
  name: "forecast-accuracy",
  description: "Forecast accuracy of closed periods: error, bias (over/under) and MAPE per rep, team and company",
  options: [
    ["--kind <kind>", "month | quarter", "quarter"],
    ["--periods <n>", "how many closed periods", "4"],
  ],
  async run({ db, viewer, opts, now, config }) {
    const r = await accuracyReport(db, viewer, opts.kind === "month" ? "month" : "quarter", Math.max(1, Number(opts.periods ?? 4)), now, config.TZ_ORG);
    const pct = (x: number | null) => percentCell(x);
    return {
      title: `Forecast accuracy over ${r.periods.join(", ")}`,
      rows: r.system.map((s) => ({
        scope: s.scope,
        id: s.scopeId ?? "",
        name: s.name ?? "",
        mape: pct(s.mape),
        mape_first: pct(s.mapeFirst),
        bias: pct(s.bias),
        direction: s.direction ?? "",
        submitted_mape: pct(r.submitted.find((x) => x.scope === s.scope && x.scopeId === s.scopeId)?.mape ?? null),
      })),
      json: r,
    };
  },
};

/** `jindou model report` prints the latest win model's hold-out evaluation; `jindou model train` trains one now. */
export function modelCommand(program: Command): void {
  const model = program.command("model").description("the predicted win probability model (F4)");
  const common = (c: Command) => c.option("--database <url>", "database URL").option("--format <format>", "table | json", "table");
  common(model.command("report").description("AUC, Brier score and calibration on the time-based hold-out, beside the stage probabilities")).action(
    async (opts: { database?: string; format?: string }) => {
      const { handle } = await openForCli(opts.database);
      try {
        const m = await latestModel(handle.db);
        if (!m) throw new Error((await nextStepForModel(handle.db)) ?? "No model yet: run `jindou model train` (it also trains every night).");
        printModel(
          m.evaluation,
          columns(m.encoder).map((c, j) => ({ feature: c.value ? `${c.name}=${c.value}` : c.name, weight: m.weights[j] })),
          opts.format,
        );
      } finally {
        await handle.close();
      }
    },
  );
  common(model.command("train").description("train on closed deals now and score every open deal")).action(
    async (opts: { database?: string; format?: string }) => {
      const { handle } = await openForCli(opts.database);
      try {
        const cannot = await nextStepForModel(handle.db);
        if (cannot) throw new Error(cannot);
        const viewer = await cliViewer(handle);
        const r = await trainAndScore(handle.db, Date.now(), viewer.id || null);
        console.log(`model #${r.modelId}: trained on ${r.trainedOn} closed deals, scored ${r.scored} open deals`);
        printModel(
          r.model.evaluation,
          columns(r.model.encoder).map((c, j) => ({ feature: c.value ? `${c.name}=${c.value}` : c.name, weight: r.model.weights[j] })),
          opts.format,
        );
      } finally {
        await handle.close();
      }
    },
  );
}

function formatReport(r: { title: string; rows: Array<Record<string, unknown>> }, _format: "table"): string {
  const head = r.rows.length ? Object.keys(r.rows[0]) : [];
  const t = new Table({ head, style: { head: [], border: [] } });
  t.push(...r.rows.map((row) => head.map((h) => String(row[h] ?? ""))));
  return `${r.title}\n${t.toString()}`;
}

function printModel(
  e: Awaited<ReturnType<typeof latestModel>> extends infer M ? (M extends { evaluation: infer E } ? E : never) : never,
  weights: { feature: string; weight: number }[],
  format = "table",
) {
  if (format === "json") {
    console.log(JSON.stringify({ evaluation: e, weights }, null, 2));
    return;
  }
  const f = (x: number | null) => (x === null ? "—" : x.toFixed(4));
  console.log(
    formatReport(
      {
        title: `Hold-out: ${e.holdoutDeals} deals (${e.holdoutExamples} as-of samples), win rate ${f(e.holdoutWinRate)}; trained on ${e.trainDeals} deals`,
        rows: [
          { scorer: "model", auc: f(e.model.auc), brier: f(e.model.brier), log_loss: f(e.model.logLoss) },
          { scorer: "stage probability", auc: f(e.stage.auc), brier: f(e.stage.brier), log_loss: f(e.stage.logLoss) },
        ],
      },
      "table",
    ),
  );
  for (const x of e.excludedFeatures ?? []) console.log(`Left out (would leak the outcome): ${x.detail}`);
  if (e.suspectedLeak)
    console.log(`SUSPECTED LEAK: hold-out AUC ${f(e.model.auc)} is above 0.98 — a feature still gives the outcome away; do not trust these predictions.`);
  console.log(
    e.beatsStage
      ? "The model beats the stage probabilities on the hold-out Brier score."
      : "The model does NOT beat the stage probabilities on the hold-out Brier score.",
  );
  console.log(
    formatReport(
      {
        title: "Calibration (model)",
        rows: e.calibration
          .filter((b) => b.count)
          .map((b) => ({ bin: `${b.from.toFixed(1)}–${b.to.toFixed(1)}`, n: b.count, predicted: f(b.meanPredicted), observed: f(b.observedRate) })),
      },
      "table",
    ),
  );
  console.log(
    formatReport(
      {
        title: "Weights (per standard deviation / per category)",
        rows: weights
          .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
          .slice(0, 15)
          .map((w) => ({ feature: w.feature, weight: w.weight.toFixed(3) })),
      },
      "table",
    ),
  );
}
