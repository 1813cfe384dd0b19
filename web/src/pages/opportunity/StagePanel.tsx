/** The stage path (Steps), the current stage's definition, its exit checklist (tick with a note) and recommended actions. */
import { CheckCircleTwoTone } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Card, Checkbox, Input, List, Modal, Steps, Typography } from "antd";
import { useState } from "react";
import { api } from "../../api/client";
import type { Criterion, OpportunityDetail } from "../../api/types";
import { dateTime, prob } from "../../format";
import { useCode, useI18n } from "../../i18n";

export function StagePanel({ opp }: { opp: OpportunityDetail }) {
  const { t, L } = useI18n();
  const code = useCode();
  const qc = useQueryClient();
  const [ticking, setTicking] = useState<Criterion | null>(null);
  const [note, setNote] = useState("");
  const stages = opp.pipeline.stages.filter((s) => s.kind !== "lost").sort((a, b) => a.position - b.position);
  const current = opp.pipeline.stages.find((s) => s.id === opp.stageId);
  const idx = stages.findIndex((s) => s.id === opp.stageId);
  const checks = new Map(opp.checks.map((c) => [c.criterionId, c]));
  const refresh = () => qc.invalidateQueries({ queryKey: ["opportunity", opp.id] });
  const tick = useMutation({
    mutationFn: (v: { id: number; note: string }) => api.put(`/opportunities/${opp.id}/checks/${v.id}`, { note: v.note || null }),
    onSuccess: refresh,
  });
  const untick = useMutation({ mutationFn: (id: number) => api.del(`/opportunities/${opp.id}/checks/${id}`), onSuccess: refresh });
  const status = opp.status === "won" ? "finish" : opp.status === "lost" ? "error" : "process";
  return (
    <Card title={t("opp.stagePath")} size="small">
      <Steps
        size="small"
        current={opp.status === "won" ? stages.length - 1 : Math.max(idx, 0)}
        status={status}
        style={{ marginBottom: 16 }}
        items={stages.map((s) => ({ title: L(s, "name"), content: prob(s.probability) }))}
      />
      {current && (
        <div className="jd-grid-2">
          <div>
            <Typography.Title level={5}>
              {t("opp.definition")} · {L(current, "name")}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{L(current, "definition") || "—"}</Typography.Paragraph>
            <Typography.Title level={5}>{t("opp.checklist")}</Typography.Title>
            <List
              size="small"
              dataSource={current.criteria}
              locale={{ emptyText: "—" }}
              data-testid="checklist"
              renderItem={(c) => {
                const done = checks.get(c.id);
                return (
                  <List.Item>
                    <div>
                      <Checkbox
                        checked={!!done}
                        disabled={opp.status !== "open"}
                        data-testid={`check-${c.id}`}
                        onChange={(e) => {
                          if (e.target.checked) {
                            setNote("");
                            setTicking(c);
                          } else untick.mutate(c.id);
                        }}
                      >
                        {L(c, "text")}
                      </Checkbox>
                      {done && (
                        <div className="jd-muted" style={{ fontSize: 12, marginLeft: 24 }}>
                          <CheckCircleTwoTone twoToneColor="#52c41a" /> {t("opp.checkedBy", { name: done.checkedByName ?? "", at: dateTime(done.checkedAt) })}
                          {done.note ? ` — ${done.note}` : ""}
                        </div>
                      )}
                    </div>
                  </List.Item>
                );
              }}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t("opp.actions")}</Typography.Title>
            <List size="small" dataSource={current.actions} locale={{ emptyText: "—" }} renderItem={(a) => <List.Item>• {L(a, "text")}</List.Item>} />
            {current.ownerRole && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t("set.ownerRole")}: {code("role", current.ownerRole)}
              </Typography.Paragraph>
            )}
          </div>
        </div>
      )}
      <Modal
        open={!!ticking}
        title={ticking ? L(ticking, "text") : ""}
        onCancel={() => setTicking(null)}
        confirmLoading={tick.isPending}
        onOk={() => ticking && tick.mutate({ id: ticking.id, note }, { onSuccess: () => setTicking(null) })}
        destroyOnHidden
      >
        <Input.TextArea rows={3} autoFocus placeholder={t("gate.evidence")} value={note} onChange={(e) => setNote(e.target.value)} data-testid="check-note" />
      </Modal>
    </Card>
  );
}
