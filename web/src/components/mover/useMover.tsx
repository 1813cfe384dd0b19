/**
 * Moving an opportunity through its pipeline, with every gate the server enforces shown as a dialog:
 * the exit checklist (tick with evidence, then retry), a blocked skip, a reason for back/stay, the contract
 * and first payment for Won, the reason for Lost. A 409 (someone else moved it) is shown and the data reloads.
 */
import { useQueryClient } from "@tanstack/react-query";
import { App } from "antd";
import { type ReactNode, useCallback, useRef, useState } from "react";
import { api, ApiError } from "../../api/client";
import type { Opportunity, Pipeline } from "../../api/types";
import { useI18n } from "../../i18n";
import { errorText } from "../../i18n/errors";
import { showConflict, showError } from "../../queryClient";
import { ChecklistDialog, type MissingItem } from "./ChecklistDialog";
import { type Intent, type TransitionBody } from "./intents";
import { LostDialog, ReasonDialog, SkippedDialog, WonDialog } from "./MoveDialogs";

type Dialog =
  | { kind: "checklist"; missing: MissingItem[] }
  | { kind: "reason" }
  | { kind: "won"; error?: string }
  | { kind: "lost"; error?: string }
  | { kind: "skipped"; message: string };

/** `extra` is what the user already gave for this move (the contract, an override): every retry sends it again. */
interface Pending {
  opp: Opportunity;
  pipeline: Pipeline;
  intent: Intent;
  dialog: Dialog;
  extra: Partial<TransitionBody>;
}

export function useMover(opts: { onMoved?: (updated: Opportunity, before: Opportunity) => void } = {}) {
  const qc = useQueryClient();
  const { t, L, locale } = useI18n();
  const { message } = App.useApp();
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const onMoved = useRef(opts.onMoved);
  onMoved.current = opts.onMoved;

  const finish = useCallback(
    (before: Opportunity, updated: Opportunity, pipeline: Pipeline) => {
      setPending(null);
      const stage = pipeline.stages.find((s) => s.id === updated.stageId);
      message.success(
        updated.status === "open" ? t("board.moved", { stage: L(stage ?? updated, stage ? "name" : "stageName") }) : t(`status.${updated.status}`),
      );
      onMoved.current?.(updated, before);
      void qc.invalidateQueries({ predicate: (q) => !["pipelines", "users", "teams", "lost-reasons"].includes(String(q.queryKey[0])) });
    },
    [qc, message, t, L],
  );

  const bodyFor = (opp: Opportunity, intent: Intent, extra: Partial<TransitionBody>): TransitionBody => ({
    version: opp.version,
    action: intent.action,
    ...("toStage" in intent ? { toStageId: intent.toStage.id } : {}),
    ...extra,
  });

  /** Sends the transition; a gate answer opens the matching dialog instead of failing. */
  const attempt = useCallback(
    async (
      opp: Opportunity,
      pipeline: Pipeline,
      intent: Intent,
      extra: Partial<TransitionBody> = {},
      flags: { afterTicks?: boolean; retried?: boolean } = {},
    ): Promise<void> => {
      setBusy(true);
      try {
        const updated = await api.post<Opportunity>(`/opportunities/${opp.id}/transition`, bodyFor(opp, intent, extra));
        finish(opp, updated, pipeline);
      } catch (e) {
        if (!(e instanceof ApiError)) {
          showError(e);
          return;
        }
        const details = (e.details ?? {}) as { missing?: Array<MissingItem | number>; stageId?: number };
        if (e.code === "VERSION_CONFLICT") {
          // Ticking checklist items may bump the version itself; if the stage is unchanged the conflict is ours.
          if (flags.afterTicks && !flags.retried) {
            const fresh = await api.get<Opportunity>(`/opportunities/${opp.id}`).catch(() => null);
            if (fresh && fresh.stageId === opp.stageId && fresh.status === opp.status)
              return attempt({ ...opp, version: fresh.version }, pipeline, intent, extra, { retried: true });
          }
          setPending(null);
          showConflict(qc);
          return;
        }
        const at = (dialog: Dialog) => setPending({ opp, pipeline, intent, dialog, extra });
        const said = errorText(locale, e);
        switch (e.code) {
          case "CHECKLIST_INCOMPLETE":
            return at({ kind: "checklist", missing: missingItems(pipeline, details.stageId ?? opp.stageId, details.missing ?? []) });
          case "STAGE_SKIPPED":
            return at({ kind: "skipped", message: said });
          case "REASON_REQUIRED":
            return at({ kind: "reason" });
          case "LOST_NEEDS_REASON":
            return at({ kind: "lost", error: said });
          case "WON_NEEDS_PAYMENT":
            return at({ kind: "won", error: said });
          default:
            if (intent.action === "won" && (e.status === 422 || e.code === "INVALID" || e.code === "DUPLICATE")) return at({ kind: "won", error: said });
            showError(e);
        }
      } finally {
        setBusy(false);
      }
    },
    [finish, qc, locale],
  );

  /** Starts a move: back/stay ask for a reason first, won/lost for their forms, advance tries at once. */
  const move = useCallback(
    (opp: Opportunity, pipeline: Pipeline, intent: Intent) => {
      if (intent.action === "back" || intent.action === "stay") return setPending({ opp, pipeline, intent, dialog: { kind: "reason" }, extra: {} });
      if (intent.action === "won") return setPending({ opp, pipeline, intent, dialog: { kind: "won" }, extra: {} });
      if (intent.action === "lost") return setPending({ opp, pipeline, intent, dialog: { kind: "lost" }, extra: {} });
      void attempt(opp, pipeline, intent);
    },
    [attempt],
  );

  const close = () => setPending(null);
  let element: ReactNode = null;
  if (pending) {
    const { opp, pipeline, intent, dialog, extra } = pending;
    const from = pipeline.stages.find((s) => s.id === opp.stageId);
    if (dialog.kind === "checklist")
      element = (
        <ChecklistDialog
          opp={opp}
          target={"toStage" in intent ? intent.toStage : undefined}
          missing={dialog.missing}
          busy={busy}
          allowOverride={pipeline.checklistRule === "warn"}
          onCancel={close}
          onConfirm={async (ticks, override) => {
            setBusy(true);
            try {
              for (const tick of ticks) await api.put(`/opportunities/${opp.id}/checks/${tick.id}`, { note: tick.note || undefined });
            } catch (e) {
              setBusy(false);
              return showError(e);
            }
            await attempt(opp, pipeline, intent, override ? { ...extra, override: true, reason: override } : extra, { afterTicks: true });
          }}
        />
      );
    else if (dialog.kind === "skipped")
      element = (
        <SkippedDialog
          from={from ? L(from, "name") : opp.stageNameZh}
          to={"toStage" in intent ? L(intent.toStage, "name") : ""}
          message={dialog.message}
          allowOverride={pipeline.skipRule === "warn"}
          busy={busy}
          onCancel={close}
          onOverride={(reason) => void attempt(opp, pipeline, intent, { ...extra, override: true, reason })}
        />
      );
    else if (dialog.kind === "reason")
      element = (
        <ReasonDialog
          title={
            intent.action === "stay"
              ? t("gate.stayTitle")
              : `${t("gate.backTitle")}: ${from ? L(from, "name") : ""} → ${"toStage" in intent ? L(intent.toStage, "name") : ""}`
          }
          busy={busy}
          onCancel={close}
          onSubmit={(reason) => void attempt(opp, pipeline, intent, { ...extra, reason })}
        />
      );
    else if (dialog.kind === "won")
      element = (
        <WonDialog
          opp={opp}
          error={dialog.error}
          initial={extra.contract}
          busy={busy}
          onCancel={close}
          onSubmit={(contract) => void attempt(opp, pipeline, intent, { ...extra, contract })}
        />
      );
    else if (dialog.kind === "lost")
      element = (
        <LostDialog
          error={dialog.error}
          busy={busy}
          onCancel={close}
          onSubmit={(lostReason, reason) => void attempt(opp, pipeline, intent, { ...extra, lostReason, reason: reason || undefined })}
        />
      );
  }
  return { move, element, busy };
}

/** The missing checklist items, whether the server sends them as objects or as criterion ids. */
function missingItems(p: Pipeline, stageId: number, missing: Array<MissingItem | number>): MissingItem[] {
  const criteria = p.stages.find((s) => s.id === stageId)?.criteria ?? p.stages.flatMap((s) => s.criteria);
  return missing.map((m) => (typeof m === "number" ? (criteria.find((c) => c.id === m) ?? { id: m, textZh: `#${m}`, textEn: `#${m}` }) : m));
}
