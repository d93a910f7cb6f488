/**
 * The seed's v1beta1 ReplicationController (`desiredState.replicas`, `replicaSelector`,
 * `podTemplate {desiredState.manifest, labels}`, `currentState.replicas`) ⇄ v1.
 */
import type { KubeObject } from "../object.ts";
import { isRecord, type JsonRecord, stringMap } from "../json_value.ts";
import { manifestToPodSpec, podSpecToManifest } from "./manifest.ts";
import { metaFromV1beta1, metaToV1beta1, rec, V1BETA1_ID_ANNOTATION } from "./meta.ts";
import { isDNS1123Subdomain } from "../name_rules.ts";

/** A v1 ReplicationController from a v1beta1 body. */
export function replicationControllerFromV1beta1(body: JsonRecord): KubeObject {
  const desired = rec(body, "desiredState");
  const template = rec(desired, "podTemplate");
  const templateMeta: JsonRecord = {};
  const labels = stringMap(template.labels);
  if (labels && Object.keys(labels).length) templateMeta.labels = labels;
  const annotations = stringMap(template.annotations);
  if (annotations && Object.keys(annotations).length) templateMeta.annotations = annotations;
  const spec: JsonRecord = {};
  if (desired.replicas !== undefined) spec.replicas = desired.replicas;
  if (desired.replicaSelector !== undefined) spec.selector = desired.replicaSelector;
  spec.template = {
    metadata: templateMeta,
    spec: manifestToPodSpec(rec(rec(template, "desiredState"), "manifest")),
  };
  const metadata = metaFromV1beta1(body);
  if (metadata.name && isDNS1123Subdomain(metadata.name).length) {
    metadata.annotations = { ...metadata.annotations, [V1BETA1_ID_ANNOTATION]: metadata.name };
  }
  const rc: KubeObject = { kind: "ReplicationController", apiVersion: "v1", metadata, spec };
  const current = rec(body, "currentState");
  if (typeof current.replicas === "number") rc.status = { replicas: current.replicas };
  return rc;
}

/** The seed's v1beta1 view of a v1 ReplicationController. */
export function replicationControllerToV1beta1(rc: KubeObject): JsonRecord {
  const out = metaToV1beta1("ReplicationController", rc.metadata);
  const labels = out.labels;
  delete out.labels;
  const spec = isRecord(rc.spec) ? rc.spec : {};
  const template = rec(spec, "template");
  const templateMeta = rec(template, "metadata");
  const podTemplate: JsonRecord = {
    desiredState: { manifest: podSpecToManifest(rec(template, "spec"), "") },
  };
  if (isRecord(templateMeta.labels)) podTemplate.labels = templateMeta.labels;
  if (isRecord(templateMeta.annotations)) podTemplate.annotations = templateMeta.annotations;
  out.desiredState = {
    replicas: spec.replicas ?? 0,
    replicaSelector: isRecord(spec.selector) ? spec.selector : {},
    podTemplate,
  };
  const status = isRecord(rc.status) ? rc.status : {};
  out.currentState = {
    replicas: typeof status.replicas === "number" ? status.replicas : 0,
    podTemplate: {
      desiredState: {
        manifest: { version: "", id: "", volumes: null, containers: null, restartPolicy: {} },
      },
    },
  };
  if (labels) out.labels = labels;
  return out;
}
