/** Admin: custom fields per entity — create (key, labels, type, required, options), edit options and labels, change type, deactivate. */
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag } from "antd";
import { useState } from "react";
import { api } from "../../api/client";
import { type CustomField, FIELD_ENTITIES, FIELD_TYPES, type FieldEntity, type FieldType, useCustomFields } from "../../components/custom/fields-api";
import { type MessageKey, useI18n } from "../../i18n";

const hasOptions = (t: FieldType | undefined) => t === "select" || t === "multi_select";

export function FieldsSettings() {
  const { t, L } = useI18n();
  const [entity, setEntity] = useState<FieldEntity>("customer");
  const fields = useCustomFields(entity);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<CustomField | "new" | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["fields"] });
  const patch = useMutation({
    mutationFn: ({ f, ...b }: { f: CustomField } & Record<string, unknown>) => api.patch(`/fields/${f.id}`, { version: f.version, ...b }),
    onSuccess: () => {
      message.success(t("common.saved"));
      void refresh();
    },
  });
  const typeLabel = (ty: string) => t(`fields.type.${ty}` as MessageKey);
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Select
          value={entity}
          onChange={setEntity}
          style={{ width: 140 }}
          aria-label={t("fields.entity")}
          data-testid="fields-entity"
          options={FIELD_ENTITIES.map((e) => ({ value: e, label: t(`fields.entity.${e}` as MessageKey) }))}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="field-add">
          {t("fields.add")}
        </Button>
      </Space>
      <Table<CustomField>
        size="small"
        rowKey="id"
        loading={fields.isLoading}
        dataSource={fields.data ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        data-testid="fields-table"
        columns={[
          { title: t("fields.label"), key: "label", render: (_: unknown, f) => <a onClick={() => setEditing(f)}>{L(f, "label")}</a> },
          { title: t("set.key"), dataIndex: "key", render: (v: string) => <code translate="no">{v}</code> },
          { title: t("fields.typeCol"), dataIndex: "type", render: (v: string) => typeLabel(v) },
          { title: t("fields.options"), key: "o", render: (_: unknown, f) => f.options.map((o) => <Tag key={o.key}>{L(o, "label")}</Tag>) },
          {
            title: t("fields.required"),
            dataIndex: "required",
            render: (v: boolean, f) => (
              <Switch size="small" aria-label={t("fields.required")} checked={v} onChange={(required) => patch.mutate({ f, required })} />
            ),
          },
          {
            title: t("set.active"),
            dataIndex: "active",
            render: (v: boolean, f) => <Switch size="small" aria-label={t("set.active")} checked={v} onChange={(active) => patch.mutate({ f, active })} />,
          },
        ]}
      />
      {editing && (
        <FieldForm
          entity={entity}
          field={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </Space>
  );
}

interface Values {
  key: string;
  labelZh: string;
  labelEn: string;
  type: FieldType;
  required?: boolean;
  options?: Array<{ key: string; labelZh: string; labelEn: string }>;
}

/** Creates a field, or edits one (labels, options, type: the server refuses a type its stored values do not convert to). */
function FieldForm({ entity, field, onClose, onSaved }: { entity: FieldEntity; field: CustomField | null; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const type = Form.useWatch("type", form);
  const save = useMutation({
    mutationFn: (v: Values) => {
      const options = hasOptions(v.type) ? (v.options ?? []) : [];
      return field
        ? api.patch(`/fields/${field.id}`, { version: field.version, labelZh: v.labelZh, labelEn: v.labelEn, type: v.type, required: !!v.required, options })
        : api.post("/fields", { entity, key: v.key, labelZh: v.labelZh, labelEn: v.labelEn, type: v.type, required: !!v.required, options });
    },
    onSuccess: onSaved,
  });
  return (
    <Modal
      open
      title={field ? t("fields.edit") : t("fields.add")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ "data-testid": "field-save" } as Record<`data-${string}`, string>}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={field ? { ...field } : { type: "text", required: false, options: [] }}
      >
        <Form.Item name="key" label={t("set.key")} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t("fields.keyRule") }]}>
          <Input disabled={!!field} data-testid="field-key" />
        </Form.Item>
        <Form.Item name="labelZh" label={t("common.langZh")} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="field-label-zh" />
        </Form.Item>
        <Form.Item name="labelEn" label={t("common.langEn")} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="field-label-en" />
        </Form.Item>
        <Form.Item name="type" label={t("fields.typeCol")} rules={[{ required: true }]}>
          <Select data-testid="field-type" options={FIELD_TYPES.map((ty) => ({ value: ty, label: t(`fields.type.${ty}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="required" label={t("fields.required")} valuePropName="checked">
          <Switch />
        </Form.Item>
        {hasOptions(type) && (
          <Form.List name="options">
            {(items, { add, remove }) => (
              <div>
                {items.map((it) => (
                  <Space key={it.key} align="baseline" wrap>
                    <Form.Item name={[it.name, "key"]} rules={[{ required: true }]}>
                      <Input placeholder={t("set.key")} style={{ width: 90 }} data-testid="option-key" />
                    </Form.Item>
                    <Form.Item name={[it.name, "labelZh"]} rules={[{ required: true }]}>
                      <Input placeholder={t("common.langZh")} style={{ width: 100 }} data-testid="option-zh" />
                    </Form.Item>
                    <Form.Item name={[it.name, "labelEn"]} rules={[{ required: true }]}>
                      <Input placeholder={t("common.langEn")} style={{ width: 100 }} data-testid="option-en" />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(it.name)} aria-label={t("common.delete")} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ key: "", labelZh: "", labelEn: "" })} icon={<PlusOutlined />} data-testid="option-add">
                  {t("fields.addOption")}
                </Button>
              </div>
            )}
          </Form.List>
        )}
      </Form>
    </Modal>
  );
}
