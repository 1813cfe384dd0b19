/**
 * Logging a visit in three taps (phone first): 记录拜访 → an outcome chip → 保存. The customer (and opportunity)
 * come from where the button sits; the visit is recorded as done now. More detail goes through the full form.
 */
import { EnvironmentOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Drawer, Form, Input, Space } from "antd";
import { useLayoutEffect, useRef, useState } from "react";
import { api } from "../api/client";
import { type MessageKey, useI18n } from "../i18n";
import { CustomFieldsFormItems } from "./custom/CustomFieldsFormItems";
import { customPayload, type CustomValues } from "./custom/fields-api";
import { closeAndReturnFocus, currentFocus } from "./returnFocus";

const OUTCOMES = ["progress", "noChange", "needFollowUp", "metDecisionMaker"] as const;

export function QuickVisit({
  customerId,
  customerName,
  opportunityId,
  size,
  block,
}: {
  customerId: number;
  customerName?: string;
  opportunityId?: number;
  size?: "small" | "middle";
  block?: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<EnvironmentOutlined />} size={size} block={block} onClick={() => setOpen(true)} data-testid="quick-visit">
        {t("act.logVisit")}
      </Button>
      <QuickVisitDrawer open={open} onClose={() => setOpen(false)} customerId={customerId} customerName={customerName} opportunityId={opportunityId} />
    </>
  );
}

/**
 * The drawer itself, for callers with their own trigger (a board card's menu). Closing returns focus to the control
 * that had it when the drawer opened, or to `returnFocus()` when that control is gone (a menu item).
 */
export function QuickVisitDrawer({
  open,
  onClose,
  customerId,
  customerName,
  opportunityId,
  returnFocus,
}: {
  open: boolean;
  onClose(): void;
  customerId: number;
  customerName?: string;
  opportunityId?: number;
  returnFocus?: () => Element | null | undefined;
}) {
  const { t } = useI18n();
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open) opener.current = currentFocus();
  }, [open]);
  const setOpen = (v: boolean) => {
    if (v) return;
    const from = opener.current;
    opener.current = null;
    closeAndReturnFocus(onClose, from, returnFocus);
  };
  const [outcome, setOutcome] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [customForm] = Form.useForm<{ custom?: CustomValues }>();
  const save = useMutation({
    mutationFn: async () =>
      api.post("/activities", {
        custom: customPayload((await customForm.validateFields()).custom),
        kind: "visit",
        customerId,
        opportunityId,
        subject: t("act.quickSubject"),
        doneAt: new Date().toISOString(),
        outcome: [outcome ? t(`act.o.${outcome}` as MessageKey) : "", note.trim()].filter(Boolean).join(":") || null,
      }),
    onSuccess: () => {
      message.success(t("act.visitLogged"));
      setOpen(false);
      setOutcome(null);
      setNote("");
      void qc.invalidateQueries();
    },
  });
  return (
    <>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        placement="bottom"
        size="auto"
        // focus goes back in setOpen (at once): antd's own return at the end of the close animation would pull it
        // away from whatever the user opened meanwhile (Ctrl+K search)
        focusable={{ focusTriggerAfterClose: false }}
        title={`${t("act.logVisit")}${customerName ? " · " + customerName : ""}`}
        extra={
          <Button type="primary" loading={save.isPending} onClick={() => save.mutate()} data-testid="quick-visit-save">
            {t("common.save")}
          </Button>
        }
      >
        <Space wrap size={[8, 8]} role="group" aria-label={t("act.outcome")}>
          {OUTCOMES.map((o) => (
            <Button
              key={o}
              type={outcome === o ? "primary" : "default"}
              aria-pressed={outcome === o}
              onClick={() => setOutcome(outcome === o ? null : o)}
              data-testid={`quick-outcome-${o}`}
            >
              {t(`act.o.${o}` as MessageKey)}
            </Button>
          ))}
        </Space>
        <Input.TextArea
          rows={2}
          style={{ marginTop: 12 }}
          placeholder={t("act.outcomeNote")}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-label={t("act.outcomeNote")}
        />
        <Form form={customForm} layout="vertical" style={{ marginTop: 12 }}>
          <CustomFieldsFormItems entity="activity" />
        </Form>
      </Drawer>
    </>
  );
}
