/**
 * Kubernetes' patch strategies for the core/v1 types k8sm serves: which lists merge by which key
 * (`patchMergeKey` + `patchStrategy:"merge"` in the Go types), which primitive lists merge as
 * sets, which are atomic. Strategic merge patch and server-side apply both read this table.
 */

/** How the fields of one object type merge. */
export interface MergeSchema {
  /** Fields that are not atomic: lists merged by key, sets, nested objects. */
  fields?: Record<string, MergeField>;
  /** For a map of objects (string → object), how each value merges. */
  values?: MergeSchema;
}

/** How one field merges. A field absent from a schema merges as a map or replaces as a value. */
export interface MergeField {
  /** A list of objects merged item by item on this key (e.g. containers by "name"). */
  mergeKey?: string;
  /** A list of primitives merged as a set (e.g. metadata.finalizers). */
  set?: boolean;
  /**
   * Server-side apply only: the map is owned and replaced whole (`+mapType=atomic`, e.g. a
   * Service selector). Strategic merge patch still merges such maps key by key, as Kubernetes does.
   */
  atomic?: boolean;
  /** The schema of the nested object, or of each item of a merged list. */
  schema?: MergeSchema;
}

const conditions: MergeField = { mergeKey: "type" };

const objectMeta: MergeSchema = {
  fields: { ownerReferences: { mergeKey: "uid" }, finalizers: { set: true } },
};

const container: MergeSchema = {
  fields: {
    ports: { mergeKey: "containerPort" },
    env: { mergeKey: "name" },
    volumeMounts: { mergeKey: "mountPath" },
    volumeDevices: { mergeKey: "devicePath" },
  },
};

const podSpec: MergeSchema = {
  fields: {
    containers: { mergeKey: "name", schema: container },
    initContainers: { mergeKey: "name", schema: container },
    ephemeralContainers: { mergeKey: "name", schema: container },
    volumes: { mergeKey: "name" },
    imagePullSecrets: { mergeKey: "name" },
    hostAliases: { mergeKey: "ip" },
    topologySpreadConstraints: { mergeKey: "topologyKey" },
    schedulingGates: { mergeKey: "name" },
    resourceClaims: { mergeKey: "name" },
  },
};

const podStatus: MergeSchema = {
  fields: { conditions, podIPs: { mergeKey: "ip" }, hostIPs: { mergeKey: "ip" } },
};

const podTemplate: MergeSchema = {
  fields: { metadata: { schema: objectMeta }, spec: { schema: podSpec } },
};

function kindSchema(spec?: MergeSchema, status?: MergeSchema): MergeSchema {
  const fields: Record<string, MergeField> = { metadata: { schema: objectMeta } };
  if (spec) fields.spec = { schema: spec };
  if (status) fields.status = { schema: status };
  return { fields };
}

const SCHEMAS: Record<string, MergeSchema> = {
  Pod: kindSchema(podSpec, podStatus),
  Service: kindSchema(
    { fields: { ports: { mergeKey: "port" }, selector: { atomic: true } } },
    { fields: { conditions } },
  ),
  ReplicationController: kindSchema(
    { fields: { template: { schema: podTemplate }, selector: { atomic: true } } },
    { fields: { conditions } },
  ),
  Node: kindSchema(
    { fields: { podCIDRs: { set: true } } },
    { fields: { conditions, addresses: { mergeKey: "type" } } },
  ),
  Namespace: kindSchema(undefined, { fields: { conditions } }),
  Endpoints: kindSchema(),
  Event: kindSchema(),
};

/** The merge schema of a core/v1 kind; kinds without one get plain metadata merging only. */
export function mergeSchemaFor(kind: string): MergeSchema {
  return SCHEMAS[kind] ?? kindSchema();
}

/** The field's merge description within `schema`, or undefined for a plain field. */
export function fieldOf(schema: MergeSchema | undefined, name: string): MergeField | undefined {
  return schema?.fields?.[name];
}

/** The schema for a nested object value of `name` in `schema` (handles maps of objects). */
export function childSchema(
  schema: MergeSchema | undefined,
  name: string,
): MergeSchema | undefined {
  return schema?.fields?.[name]?.schema ?? schema?.values;
}
