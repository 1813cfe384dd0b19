/** The smaller gate dialogs: a blocked skip, a reason (back / stay), Won's contract and first payment, Lost's reason. */
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useLostReasons } from "../../api/hooks";
import type { Opportunity } from "../../api/types";
import { useI18n } from "../../i18n";
import type { TransitionBody } from "./intents";

export function SkippedDialog({
  from,
  to,
  message,
  allowOverride,
  busy,
  onCancel,
  onOverride,
}: {
  from: string;
  to: string;
  message: string;
  allowOverride: boolean;
  busy: boolean;
  onCancel(): void;
  onOverride(reason: string): void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  return (
    <Modal
      open
      title={t("gate.skipped")}
      onCancel={onCancel}
      destroyOnHidden
      footer={[
        <Button key="c" type={allowOverride ? "default" : "primary"} onClick={onCancel}>
          {allowOverride ? t("common.cancel") : t("common.ok")}
        </Button>,
        ...(allowOverride
          ? [
              <Button key="o" danger disabled={!reason.trim()} loading={busy} onClick={() => onOverride(reason.trim())}>
                {t("gate.override")}
              </Button>,
            ]
          : []),
      ]}
    >
      <Alert type="error" showIcon title={t("gate.skippedBody", { from, to })} description={message} data-testid="skip-blocked" />
      {allowOverride && <Input style={{ marginTop: 12 }} placeholder={t("gate.overrideReason")} value={reason} onChange={(e) => setReason(e.target.value)} />}
    </Modal>
  );
}

export function ReasonDialog({ title, busy, onCancel, onSubmit }: { title: string; busy: boolean; onCancel(): void; onSubmit(reason: string): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open
      title={title}
      onCancel={onCancel}
      okText={t("common.ok")}
      cancelText={t("common.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => onSubmit(v.reason.trim())}>
        <Form.Item name="reason" label={t("common.reason")} rules={[{ required: true, whitespace: true, message: t("gate.reasonRequired") }]}>
          <Input.TextArea rows={3} autoFocus data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface WonForm {
  number: string;
  signedAt: Dayjs;
  amount: number;
  firstPayment: number;
  receivedAt: Dayjs;
  balanceDueDate?: Dayjs;
}

export function WonDialog({
  opp,
  error,
  initial,
  busy,
  onCancel,
  onSubmit,
}: {
  opp: Opportunity;
  error?: string;
  initial?: TransitionBody["contract"];
  busy: boolean;
  onCancel(): void;
  onSubmit(c: NonNullable<TransitionBody["contract"]>): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<WonForm>();
  return (
    <Modal
      open
      title={t("gate.wonTitle")}
      onCancel={onCancel}
      okText={t("board.markWon")}
      cancelText={t("common.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Alert type={error ? "error" : "info"} showIcon title={error ?? t("gate.wonIntro")} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={
          initial
            ? {
                number: initial.number,
                signedAt: dayjs(initial.signedAt),
                receivedAt: dayjs(initial.receivedAt),
                amount: initial.amountFen / 100,
                firstPayment: initial.firstPaymentFen / 100,
                balanceDueDate: initial.balanceDueDate ? dayjs(initial.balanceDueDate) : undefined,
              }
            : {
                signedAt: dayjs(),
                receivedAt: dayjs(),
                balanceDueDate: dayjs().add(30, "day"),
                amount: opp.amountFen / 100,
                firstPayment: Math.round(opp.amountFen * 0.3) / 100,
              }
        }
        onFinish={(v) =>
          onSubmit({
            number: v.number.trim(),
            signedAt: v.signedAt.format("YYYY-MM-DD"),
            amountFen: Math.round(v.amount * 100),
            firstPaymentFen: Math.round(v.firstPayment * 100),
            receivedAt: v.receivedAt.format("YYYY-MM-DD"),
            balanceDueDate: v.balanceDueDate ? v.balanceDueDate.format("YYYY-MM-DD") : null,
          })
        }
      >
        <Form.Item name="number" label={t("gate.contractNumber")} rules={[{ required: true, whitespace: true }]}>
          <Input autoFocus data-testid="contract-number" />
        </Form.Item>
        <Form.Item name="signedAt" label={t("gate.signedAt")} rules={[{ required: true }]}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="amount" label={t("gate.contractAmount")} rules={[{ required: true }]}>
          <InputNumber min={0} style={{ width: "100%" }} prefix="¥" />
        </Form.Item>
        <Form.Item name="firstPayment" label={t("gate.firstPayment")} rules={[{ required: true }]}>
          <InputNumber min={0.01} style={{ width: "100%" }} prefix="¥" />
        </Form.Item>
        <Form.Item name="receivedAt" label={t("gate.receivedAt")} rules={[{ required: true }]}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="balanceDueDate" label={t("gate.balanceDueDate")}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function LostDialog({
  error,
  busy,
  onCancel,
  onSubmit,
}: {
  error?: string;
  busy: boolean;
  onCancel(): void;
  onSubmit(lostReason: string, note: string): void;
}) {
  const { t, L } = useI18n();
  const reasons = useLostReasons();
  const [form] = Form.useForm<{ lostReason: string; note?: string }>();
  return (
    <Modal
      open
      title={t("gate.lostTitle")}
      onCancel={onCancel}
      okText={t("board.markLost")}
      okButtonProps={{ danger: true }}
      cancelText={t("common.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => onSubmit(v.lostReason, v.note?.trim() ?? "")}>
        <Form.Item name="lostReason" label={t("gate.lostReason")} rules={[{ required: true, message: t("gate.reasonRequired") }]}>
          <Select
            loading={reasons.isLoading}
            autoFocus
            data-testid="lost-reason"
            showSearch={{ optionFilterProp: "label" }}
            options={(reasons.data ?? []).filter((r) => r.active !== false && r.active !== 0).map((r) => ({ value: r.key, label: L(r, "name") }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t("gate.lostNote")}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
