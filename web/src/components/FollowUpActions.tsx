/**
 * Done / snooze in place for a to-do: a planned visit is marked done (PATCH doneAt) or moved (plannedAt + n days);
 * a follow-up is done by recording the contact now (a new activity, which closes it) or snoozed (nextFollowUpAt + n days).
 */
import { CheckOutlined, ClockCircleOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Dropdown, Space } from "antd";
import { api } from "../api/client";
import type { Activity } from "../api/types";
import { useI18n } from "../i18n";

const SNOOZE_DAYS = [1, 3, 7] as const;
const DAY = 86_400_000;

/** A planned visit not yet done (as opposed to a follow-up date set by an earlier contact). */
export const isPlannedVisit = (a: Activity) => a.plannedAt != null && a.doneAt == null;

export function FollowUpActions({ item }: { item: Activity }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const planned = isPlannedVisit(item);
  const done = useMutation({
    mutationFn: () =>
      planned
        ? api.patch(`/activities/${item.id}`, { version: item.version, doneAt: new Date().toISOString() })
        : api.post("/activities", {
            kind: item.kind,
            customerId: item.customerId,
            opportunityId: item.opportunityId ?? undefined,
            subject: t("todo.doneSubject", { subject: item.subject ?? "" }).trim(),
            doneAt: new Date().toISOString(),
          }),
    onSuccess: () => {
      message.success(t("todo.doneOk"));
      void qc.invalidateQueries();
    },
  });
  const snooze = useMutation({
    mutationFn: (days: number) => {
      // From its own time when that is today or later (a visit at 15:00 moves to 15:00 n days on), else from now.
      const at0 = planned ? item.plannedAt : item.nextFollowUpAt;
      const own = typeof at0 === "number" ? at0 : Date.parse(String(at0)) || 0;
      const from = own >= new Date().setHours(0, 0, 0, 0) ? own : Date.now();
      const at = new Date(from + days * DAY).toISOString();
      return api.patch(`/activities/${item.id}`, { version: item.version, ...(planned ? { plannedAt: at } : { nextFollowUpAt: at }) });
    },
    onSuccess: () => {
      message.success(t("todo.snoozedOk"));
      void qc.invalidateQueries();
    },
  });
  return (
    <Space size={4}>
      <Button
        size="small"
        icon={<CheckOutlined />}
        loading={done.isPending}
        onClick={() => done.mutate()}
        data-testid={`todo-done-${item.id}`}
        aria-label={`${t("todo.done")} · ${item.customerName ?? ""}`}
      >
        {t("todo.done")}
      </Button>
      <Dropdown
        trigger={["click"]}
        menu={{ items: SNOOZE_DAYS.map((d) => ({ key: String(d), label: t("todo.snoozeDays", { n: d }) })), onClick: (e) => snooze.mutate(Number(e.key)) }}
      >
        <Button
          size="small"
          icon={<ClockCircleOutlined />}
          loading={snooze.isPending}
          data-testid={`todo-snooze-${item.id}`}
          aria-label={`${t("todo.snooze")} · ${item.customerName ?? ""}`}
        >
          {t("todo.snooze")}
        </Button>
      </Dropdown>
    </Space>
  );
}
