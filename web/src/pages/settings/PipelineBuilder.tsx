/**
 * The pipeline builder (settings): a pipeline from scratch, copy and archive; the open stages in order with up/down,
 * add at a position, and remove with a move-to picker for the stage's opportunities. The rules are the server's.
 */
import { ArrowDownOutlined, ArrowUpOutlined, CopyOutlined, DeleteOutlined, InboxOutlined, MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, App, Button, Form, Input, InputNumber, List, Modal, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { api } from "../../api/client";
import type { Pipeline, Stage } from "../../api/types";
import { useI18n } from "../../i18n";

const KEY = /^[a-z0-9_-]{2,40}$/;

/** "New pipeline": key, names, kind and the open stages in order; Won and Lost are added by the server. */
export function NewPipelineButton({ onCreated }: { onCreated(p: Pipeline): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post<Pipeline>("/pipelines", v),
    onSuccess: (p) => {
      setOpen(false);
      form.resetFields();
      onCreated(p);
    },
  });
  return (
    <>
      <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="pb-new">
        {t("pb.new")}
      </Button>
      <Modal
        open={open}
        title={t("pb.new")}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
        width={640}
      >
        <Form
          form={form}
          layout="vertical"
          size="small"
          initialValues={{ kind: "deal", stages: [{ probability: 10 }, { probability: 40 }] }}
          onFinish={(v) => create.mutate(v)}
        >
          <Space wrap>
            <Form.Item name="key" label={t("set.key")} rules={[{ required: true, pattern: KEY, message: t("pb.keyRule") }]}>
              <Input data-testid="pb-key" style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="nameZh" label={t("common.langZh")} rules={[{ required: true }]}>
              <Input data-testid="pb-nameZh" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="nameEn" label={t("common.langEn")} rules={[{ required: true }]}>
              <Input data-testid="pb-nameEn" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="kind" label={t("pb.kind")}>
              <Select
                style={{ width: 120 }}
                options={[
                  { value: "deal", label: t("pkind.deal") },
                  { value: "customer", label: t("pkind.customer") },
                ]}
              />
            </Form.Item>
          </Space>
          <Typography.Text type="secondary">{t("pb.stagesHint")}</Typography.Text>
          <Form.List name="stages">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="baseline" data-testid={`pb-stage-${i}`}>
                    <span>{i + 1}.</span>
                    <Form.Item name={[f.name, "nameZh"]} rules={[{ required: true }]}>
                      <Input placeholder={t("common.langZh")} style={{ width: 130 }} aria-label={`${t("pb.stage")} ${i + 1} ${t("common.langZh")}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, "nameEn"]} rules={[{ required: true }]}>
                      <Input placeholder={t("common.langEn")} style={{ width: 130 }} aria-label={`${t("pb.stage")} ${i + 1} ${t("common.langEn")}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, "probability"]} rules={[{ required: true }]}>
                      <InputNumber min={0} max={100} suffix="%" style={{ width: 90 }} aria-label={t("common.probability")} />
                    </Form.Item>
                    <Form.Item name={[f.name, "stallDays"]}>
                      <InputNumber min={1} max={3650} placeholder={t("set.stallDays")} style={{ width: 110 }} aria-label={t("set.stallDays")} />
                    </Form.Item>
                    {fields.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t("common.delete")} />}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ probability: 50 })} data-testid="pb-add-row">
                  {t("pb.addStage")}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}

/** Copy (under a new key) and archive / restore the chosen pipeline. */
export function PipelineActions({ p, onChanged }: { p: Pipeline; onChanged(id?: number): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [copyKey, setCopyKey] = useState<string | null>(null);
  const copy = useMutation({
    mutationFn: (key: string) => api.post<Pipeline>(`/pipelines/${p.id}/copy`, { key }),
    onSuccess: (np) => {
      setCopyKey(null);
      message.success(t("common.saved"));
      onChanged(np.id);
    },
  });
  const archive = useMutation({
    mutationFn: (archived: boolean) => api.patch(`/pipelines/${p.id}`, { version: p.version, archived }),
    onSuccess: () => {
      message.success(t("common.saved"));
      onChanged();
    },
  });
  return (
    <Space wrap>
      {p.archived && <Tag color="default">{t("pb.archived")}</Tag>}
      <Button icon={<CopyOutlined />} onClick={() => setCopyKey(`${p.key}-copy`.slice(0, 40))}>
        {t("pb.copy")}
      </Button>
      <Button icon={<InboxOutlined />} loading={archive.isPending} onClick={() => archive.mutate(!p.archived)}>
        {p.archived ? t("pb.unarchive") : t("pb.archive")}
      </Button>
      <Modal
        open={copyKey !== null}
        title={t("pb.copy")}
        onCancel={() => setCopyKey(null)}
        confirmLoading={copy.isPending}
        okButtonProps={{ disabled: !KEY.test(copyKey ?? "") }}
        onOk={() => copyKey && copy.mutate(copyKey)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t("set.key")} help={t("pb.keyRule")}>
            <Input value={copyKey ?? ""} onChange={(e) => setCopyKey(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** The open stages in order with up/down and remove; a form adds one at a position. */
export function StageOrder({ p, onChanged }: { p: Pipeline; onChanged(): void }) {
  const { t, L } = useI18n();
  const open = [...p.stages].filter((s) => s.kind === "open").sort((a, b) => a.position - b.position);
  const [removing, setRemoving] = useState<Stage | null>(null);
  const reorder = useMutation({
    mutationFn: (stageIds: number[]) => api.put(`/pipelines/${p.id}/stage-order`, { stageIds, version: p.version }),
    onSuccess: onChanged,
  });
  const move = (i: number, d: -1 | 1) => {
    const ids = open.map((s) => s.id);
    [ids[i], ids[i + d]] = [ids[i + d], ids[i]];
    reorder.mutate(ids);
  };
  return (
    <div data-testid="pb-order">
      <Typography.Text strong>{t("pb.order")}</Typography.Text>
      <List
        size="small"
        dataSource={open}
        renderItem={(s, i) => (
          <List.Item
            data-testid={`pb-open-${s.key}`}
            actions={[
              <Button
                key="u"
                size="small"
                type="text"
                icon={<ArrowUpOutlined />}
                disabled={i === 0 || reorder.isPending}
                onClick={() => move(i, -1)}
                aria-label={`${t("pb.up")} ${L(s, "name")}`}
              />,
              <Button
                key="d"
                size="small"
                type="text"
                icon={<ArrowDownOutlined />}
                disabled={i === open.length - 1 || reorder.isPending}
                onClick={() => move(i, 1)}
                aria-label={`${t("pb.down")} ${L(s, "name")}`}
              />,
              <Button
                key="r"
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                disabled={open.length <= 1}
                onClick={() => setRemoving(s)}
                aria-label={`${t("pb.remove")} ${L(s, "name")}`}
              />,
            ]}
          >
            {i + 1}. {L(s, "name")} · {s.probability}%
          </List.Item>
        )}
      />
      <Typography.Text type="secondary">{t("pb.terminalHint")}</Typography.Text>
      <AddStage p={p} count={open.length} onChanged={onChanged} />
      {removing && <RemoveStage stage={removing} others={open.filter((s) => s.id !== removing.id)} onClose={() => setRemoving(null)} onChanged={onChanged} />}
      {(p.archivedStages ?? []).length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t("pb.archivedStages")}: {(p.archivedStages ?? []).map((s) => L(s, "name")).join("、")}
        </Typography.Paragraph>
      )}
    </div>
  );
}

function AddStage({ p, count, onChanged }: { p: Pipeline; count: number; onChanged(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const add = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post(`/pipelines/${p.id}/stages`, { ...v, version: p.version }),
    onSuccess: () => {
      form.resetFields();
      onChanged();
    },
  });
  const positions = Array.from({ length: count + 1 }, (_, i) => ({ value: i, label: i === count ? t("pb.atEnd") : t("pb.before", { n: i + 1 }) }));
  return (
    <Form
      form={form}
      layout="inline"
      size="small"
      style={{ marginTop: 8, rowGap: 6 }}
      initialValues={{ probability: 50, position: count }}
      onFinish={(v) => add.mutate(v)}
      data-testid="pb-add-stage"
    >
      <Form.Item name="nameZh" rules={[{ required: true }]}>
        <Input placeholder={t("common.langZh")} style={{ width: 110 }} aria-label={`${t("pb.addStage")} ${t("common.langZh")}`} />
      </Form.Item>
      <Form.Item name="nameEn" rules={[{ required: true }]}>
        <Input placeholder={t("common.langEn")} style={{ width: 110 }} aria-label={`${t("pb.addStage")} ${t("common.langEn")}`} />
      </Form.Item>
      <Form.Item name="probability">
        <InputNumber min={0} max={100} suffix="%" style={{ width: 80 }} aria-label={t("common.probability")} />
      </Form.Item>
      <Form.Item name="position">
        <Select key={count} style={{ width: 120 }} options={positions} aria-label={t("pb.position")} />
      </Form.Item>
      <Button htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
        {t("pb.addStage")}
      </Button>
    </Form>
  );
}

function RemoveStage({ stage, others, onClose, onChanged }: { stage: Stage; others: Stage[]; onClose(): void; onChanged(): void }) {
  const { t, L } = useI18n();
  const [moveTo, setMoveTo] = useState<number | undefined>();
  const del = useMutation({
    mutationFn: () => api.del<{ moved: number[] }>(`/stages/${stage.id}${moveTo ? `?moveTo=${moveTo}` : ""}`),
    onSuccess: () => {
      onClose();
      onChanged();
    },
  });
  return (
    <Modal
      open
      title={`${t("pb.remove")}: ${L(stage, "name")}`}
      onCancel={onClose}
      onOk={() => del.mutate()}
      confirmLoading={del.isPending}
      okButtonProps={{ danger: true }}
    >
      <Alert type="info" showIcon title={t("pb.removeHint")} style={{ marginBottom: 12 }} />
      <Form layout="vertical">
        <Form.Item label={t("pb.moveTo")}>
          <Select
            allowClear
            value={moveTo}
            onChange={setMoveTo}
            options={others.map((s) => ({ value: s.id, label: L(s, "name") }))}
            aria-label={t("pb.moveTo")}
            data-testid="pb-move-to"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
