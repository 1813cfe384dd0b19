/** Admin: pipelines and their stages — names, probabilities, definitions, stall days, responsible role, checklist items, actions, rules. */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Collapse, Form, Input, InputNumber, List, Popconfirm, Select, Space } from "antd";
import { useState } from "react";
import { api } from "../../api/client";
import { usePipelines } from "../../api/hooks";
import type { Criterion, Pipeline, Stage } from "../../api/types";
import { useCode, useI18n } from "../../i18n";
import { NewPipelineButton, PipelineActions, StageOrder } from "./PipelineBuilder";

export function PipelineSettings() {
  const { t, L } = useI18n();
  const code = useCode();
  const pipelines = usePipelines();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [id, setId] = useState<number | undefined>();
  const p = pipelines.data?.find((x) => x.id === (id ?? pipelines.data?.[0]?.id));
  const templates = useQuery({
    queryKey: ["templates"],
    queryFn: () => api.get<{ items: Array<{ key: string; nameZh: string; nameEn: string }> }>("/pipelines/templates"),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ["pipelines"] });
  const patch = useMutation({
    mutationFn: (b: Partial<Pipeline>) => api.patch(`/pipelines/${p!.id}`, { version: p!.version, ...b }),
    onSuccess: () => {
      message.success(t("common.saved"));
      void refresh();
    },
  });
  const create = useMutation({
    mutationFn: (template: string) => api.post<Pipeline>("/pipelines", { template, key: `${template}_${Date.now().toString(36)}` }),
    onSuccess: (np) => {
      void refresh();
      setId(np.id);
    },
  });
  if (!p) return null;
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Select
          value={p.id}
          onChange={setId}
          style={{ width: 220 }}
          options={(pipelines.data ?? []).map((x) => ({
            value: x.id,
            label: `${L(x, "name")}(${code("pkind", x.kind)})${x.archived ? ` · ${t("pb.archived")}` : ""}`,
          }))}
          aria-label={t("common.pipeline")}
          data-testid="pb-select"
        />
        <span>{t("set.skipRule")}</span>
        <Select
          value={p.skipRule}
          onChange={(v) => patch.mutate({ skipRule: v })}
          aria-label={t("set.skipRule")}
          style={{ width: 140 }}
          options={[
            { value: "strict", label: t("set.strict") },
            { value: "warn", label: t("set.warn") },
          ]}
        />
        <span>{t("set.checklistRule")}</span>
        <Select
          value={p.checklistRule}
          onChange={(v) => patch.mutate({ checklistRule: v })}
          aria-label={t("set.checklistRule")}
          style={{ width: 140 }}
          options={[
            { value: "strict", label: t("set.strict") },
            { value: "warn", label: t("set.warn") },
          ]}
        />
        <Select
          placeholder={t("set.addTemplate")}
          aria-label={t("set.addTemplate")}
          style={{ width: 220 }}
          value={null}
          onChange={(v: string) => create.mutate(v)}
          options={(templates.data?.items ?? []).map((x) => ({ value: x.key, label: L(x, "name") }))}
        />
        <NewPipelineButton
          onCreated={(np) => {
            void refresh();
            setId(np.id);
          }}
        />
        <PipelineActions
          p={p}
          onChanged={(nid) => {
            void refresh();
            if (nid) setId(nid);
          }}
        />
      </Space>
      <StageOrder p={p} onChanged={() => void refresh()} />
      <Collapse
        items={[...p.stages]
          .sort((a, b) => a.position - b.position)
          .map((s) => ({
            key: s.id,
            label: (
              <span>
                {s.position + 1}. {L(s, "name")} · {s.probability}% {s.kind !== "open" ? `(${code("skind", s.kind)})` : ""}
              </span>
            ),
            children: <StageEditor stage={s} onSaved={refresh} />,
          }))}
      />
    </Space>
  );
}

function StageEditor({ stage, onSaved }: { stage: Stage; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: Partial<Stage>) => api.patch(`/stages/${stage.id}`, v),
    onSuccess: () => {
      message.success(t("common.saved"));
      onSaved();
    },
  });
  return (
    <div className="jd-grid-2">
      <Form form={form} layout="vertical" size="small" initialValues={stage} onFinish={(v) => save.mutate(v)}>
        <Space.Compact block>
          <Form.Item name="nameZh" label={t("common.langZh")} style={{ width: "50%" }} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t("common.langEn")} style={{ width: "50%" }} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Space.Compact>
        <Space wrap>
          <Form.Item name="probability" label={t("common.probability")}>
            <InputNumber min={0} max={100} suffix="%" />
          </Form.Item>
          <Form.Item name="stallDays" label={t("set.stallDays")}>
            <InputNumber min={1} max={3650} />
          </Form.Item>
          <Form.Item name="ownerRole" label={t("set.ownerRole")}>
            <Select
              allowClear
              style={{ width: 120 }}
              options={["rep", "presales", "manager", "director"].map((r) => ({ value: r, label: t(`role.${r}` as "role.rep") }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="definitionZh" label={`${t("opp.definition")} (${t("common.langZh")})`}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="definitionEn" label={`${t("opp.definition")} (${t("common.langEn")})`}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t("common.save")}
        </Button>
      </Form>
      <div>
        <TextList title={t("set.criteria")} items={stage.criteria} createPath={`/stages/${stage.id}/criteria`} itemPath="/criteria" onSaved={onSaved} />
        <TextList title={t("set.actions")} items={stage.actions} createPath={`/stages/${stage.id}/actions`} itemPath="/actions" onSaved={onSaved} />
      </div>
    </div>
  );
}

function TextList({
  title,
  items,
  createPath,
  itemPath,
  onSaved,
}: {
  title: string;
  items: Criterion[];
  createPath: string;
  itemPath: string;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const [zh, setZh] = useState("");
  const [en, setEn] = useState("");
  const add = useMutation({
    mutationFn: () => api.post(createPath, { textZh: zh.trim(), textEn: (en || zh).trim() }),
    onSuccess: () => {
      setZh("");
      setEn("");
      onSaved();
    },
  });
  const edit = useMutation({
    mutationFn: (v: { id: number; textZh?: string; textEn?: string }) => api.patch(`${itemPath}/${v.id}`, { textZh: v.textZh, textEn: v.textEn }),
    onSuccess: onSaved,
  });
  const del = useMutation({ mutationFn: (id: number) => api.del(`${itemPath}/${id}`), onSuccess: onSaved });
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }}>
      <List
        size="small"
        dataSource={[...items].sort((a, b) => a.position - b.position)}
        renderItem={(c) => (
          <List.Item
            actions={[
              <Popconfirm key="d" title={t("common.delete")} onConfirm={() => del.mutate(c.id)}>
                <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t("common.delete")} />
              </Popconfirm>,
            ]}
          >
            <Space orientation="vertical" size={2} style={{ width: "100%" }}>
              <Input size="small" defaultValue={c.textZh} onBlur={(e) => e.target.value !== c.textZh && edit.mutate({ id: c.id, textZh: e.target.value })} />
              <Input size="small" defaultValue={c.textEn} onBlur={(e) => e.target.value !== c.textEn && edit.mutate({ id: c.id, textEn: e.target.value })} />
            </Space>
          </List.Item>
        )}
      />
      <Space.Compact block style={{ marginTop: 6 }}>
        <Input size="small" placeholder={t("common.langZh")} value={zh} onChange={(e) => setZh(e.target.value)} />
        <Input size="small" placeholder={t("common.langEn")} value={en} onChange={(e) => setEn(e.target.value)} />
        <Button size="small" icon={<PlusOutlined />} disabled={!zh.trim()} onClick={() => add.mutate()} aria-label={t("common.add")} />
      </Space.Compact>
    </Card>
  );
}
