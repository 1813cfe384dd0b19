/** Creates an opportunity in the first stage of the chosen pipeline. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import type { Opportunity } from "../../api/types";
import { CustomerSelect } from "../../components/CustomerSelect";
import { SOURCES } from "../../components/FilterBar";
import { useI18n } from "../../i18n";
import { CustomFieldsFormItems } from "../../components/custom/CustomFieldsFormItems";
import { customPayload, type CustomValues } from "../../components/custom/fields-api";

interface Values {
  customerId: number;
  title: string;
  amount: number;
  units?: number;
  product?: string;
  expectedCloseDate?: Dayjs;
  source?: string;
  custom?: CustomValues;
}

export function NewOpportunity({ pipelineId, open, onClose }: { pipelineId: number; open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.post<Opportunity>("/opportunities", {
        pipelineId,
        customerId: v.customerId,
        title: v.title,
        amountFen: Math.round(v.amount * 100),
        units: v.units ?? undefined,
        product: v.product || undefined,
        expectedCloseDate: v.expectedCloseDate?.format("YYYY-MM-DD"),
        source: v.source,
        custom: customPayload(v.custom),
      }),
    onSuccess: (o) => {
      message.success(t("common.saved"));
      void qc.invalidateQueries({ queryKey: ["board"] });
      onClose();
      form.resetFields();
      navigate(`/opportunities/${o.id}`);
    },
  });
  return (
    <Modal open={open} title={t("board.newOpp")} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="customerId" label={t("common.customer")} rules={[{ required: true }]}>
          <CustomerSelect />
        </Form.Item>
        <Form.Item name="title" label={t("common.title")} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="amount" label={`${t("common.amount")} (¥)`} rules={[{ required: true }]}>
          <InputNumber min={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="units" label={t("common.units")}>
          <InputNumber min={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="product" label={t("opp.product")}>
          <Input />
        </Form.Item>
        <Form.Item name="expectedCloseDate" label={t("opp.expectedClose")}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="source" label={t("common.source")}>
          <Select allowClear options={SOURCES.map((s) => ({ value: s, label: t(`src.${s}`) }))} />
        </Form.Item>
        <CustomFieldsFormItems entity="opportunity" />
      </Form>
    </Modal>
  );
}
