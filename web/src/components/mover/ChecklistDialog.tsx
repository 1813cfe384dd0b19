/** The exit checklist (达标检查评估点) that blocks a move: tick each item with an evidence note, then retry. */
import { Alert, Button, Checkbox, Input, List, Modal, Space, Typography } from "antd";
import { useState } from "react";
import type { Opportunity, Stage } from "../../api/types";
import { useI18n } from "../../i18n";

export interface MissingItem {
  id: number;
  textZh: string;
  textEn: string;
}

export function ChecklistDialog({
  opp,
  target,
  missing,
  busy,
  allowOverride,
  onCancel,
  onConfirm,
}: {
  opp: Opportunity;
  target?: Stage;
  missing: MissingItem[];
  busy: boolean;
  allowOverride: boolean;
  onCancel(): void;
  onConfirm(ticks: Array<{ id: number; note: string }>, overrideReason?: string): void;
}) {
  const { t, L } = useI18n();
  const [ticked, setTicked] = useState<Record<number, boolean>>({});
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [override, setOverride] = useState("");
  const ticks = missing.filter((m) => ticked[m.id]).map((m) => ({ id: m.id, note: notes[m.id] ?? "" }));
  const all = ticks.length === missing.length;
  return (
    <Modal
      open
      title={`${t("gate.checklistTitle")} — ${opp.customerName}`}
      onCancel={onCancel}
      width={620}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={onCancel}>{t("common.cancel")}</Button>
          {allowOverride && !all && (
            <Button danger disabled={!override.trim()} loading={busy} onClick={() => onConfirm(ticks, override.trim())} data-testid="checklist-override">
              {t("gate.override")}
            </Button>
          )}
          <Button type="primary" disabled={!all} loading={busy} onClick={() => onConfirm(ticks)} data-testid="checklist-confirm">
            {t("gate.tickAndRetry")}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph>{t("gate.checklistIntro", { stage: target ? L(target, "name") : "" })}</Typography.Paragraph>
      <List
        dataSource={missing}
        renderItem={(m) => (
          <List.Item key={m.id} style={{ display: "block" }}>
            <Checkbox checked={!!ticked[m.id]} onChange={(e) => setTicked({ ...ticked, [m.id]: e.target.checked })} data-testid={`criterion-${m.id}`}>
              {L(m, "text")}
            </Checkbox>
            <Input
              size="small"
              style={{ marginTop: 6 }}
              placeholder={t("gate.evidence")}
              value={notes[m.id] ?? ""}
              onChange={(e) => setNotes({ ...notes, [m.id]: e.target.value })}
              aria-label={`${t("gate.evidence")}: ${L(m, "text")}`}
            />
          </List.Item>
        )}
      />
      {allowOverride && !all && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={t("gate.override")}
          description={<Input placeholder={t("gate.overrideReason")} value={override} onChange={(e) => setOverride(e.target.value)} />}
        />
      )}
    </Modal>
  );
}
