/**
 * Known-fields schemas of every core/v1 kind k8sm serves, written from the Kubernetes API
 * reference; strict field validation reports anything outside them as an unknown field.
 */

import { type FieldSchema, FREE, LEAF, leaves, list, obj, STRING_MAP } from "./field_schema.ts";
import { podSpec, podStatus } from "./known_fields_pod.ts";

/** ObjectMeta. */
export const objectMeta: FieldSchema = leaves(
  "name generateName namespace selfLink uid resourceVersion generation creationTimestamp " +
    "deletionTimestamp deletionGracePeriodSeconds finalizers",
  {
    labels: STRING_MAP,
    annotations: STRING_MAP,
    ownerReferences: list(leaves("apiVersion kind name uid controller blockOwnerDeletion")),
    managedFields: list(
      leaves("manager operation apiVersion time fieldsType subresource", { fieldsV1: FREE }),
    ),
  },
);

const objectReference = leaves("kind namespace name uid apiVersion resourceVersion fieldPath");

const condition = (extra = "") =>
  list(leaves(`type status lastTransitionTime reason message ${extra}`));

function kind(spec?: FieldSchema, status?: FieldSchema, more: Record<string, FieldSchema> = {}) {
  const fields: Record<string, FieldSchema> = {
    apiVersion: LEAF,
    kind: LEAF,
    metadata: objectMeta,
  };
  if (spec) fields.spec = spec;
  if (status) fields.status = status;
  return obj({ ...fields, ...more });
}

const service = kind(
  leaves(
    "clusterIP clusterIPs type externalIPs sessionAffinity loadBalancerIP " +
      "loadBalancerSourceRanges externalName externalTrafficPolicy healthCheckNodePort " +
      "publishNotReadyAddresses ipFamilies ipFamilyPolicy allocateLoadBalancerNodePorts " +
      "loadBalancerClass internalTrafficPolicy trafficDistribution",
    {
      ports: list(leaves("name protocol appProtocol port targetPort nodePort")),
      selector: STRING_MAP,
      sessionAffinityConfig: obj({ clientIP: leaves("timeoutSeconds") }),
    },
  ),
  obj({
    loadBalancer: obj({
      ingress: list(leaves("ip hostname ipMode", { ports: list(leaves("port protocol error")) })),
    }),
    conditions: condition("observedGeneration"),
  }),
);

const endpoints = kind(undefined, undefined, {
  subsets: list(obj({
    addresses: list(leaves("ip hostname nodeName", { targetRef: objectReference })),
    notReadyAddresses: list(leaves("ip hostname nodeName", { targetRef: objectReference })),
    ports: list(leaves("name port protocol appProtocol")),
  })),
});

const replicationController = kind(
  leaves("replicas minReadySeconds", {
    selector: STRING_MAP,
    template: obj({ metadata: objectMeta, spec: podSpec }),
  }),
  leaves("replicas fullyLabeledReplicas readyReplicas availableReplicas observedGeneration", {
    conditions: condition(),
  }),
);

const node = kind(
  leaves("podCIDR podCIDRs providerID unschedulable externalID", {
    taints: list(leaves("key value effect timeAdded")),
    configSource: FREE,
  }),
  leaves("phase volumesInUse", {
    capacity: STRING_MAP,
    allocatable: STRING_MAP,
    conditions: condition("lastHeartbeatTime"),
    addresses: list(leaves("type address")),
    daemonEndpoints: obj({ kubeletEndpoint: leaves("Port") }),
    nodeInfo: leaves(
      "machineID systemUUID bootID kernelVersion osImage containerRuntimeVersion kubeletVersion " +
        "kubeProxyVersion operatingSystem architecture",
      { swap: leaves("capacity") },
    ),
    images: list(leaves("names sizeBytes")),
    volumesAttached: list(leaves("name devicePath")),
    config: FREE,
    runtimeHandlers: FREE,
    features: FREE,
  }),
);

const namespace = kind(leaves("finalizers"), leaves("phase", { conditions: condition() }));

const event = kind(undefined, undefined, {
  involvedObject: objectReference,
  reason: LEAF,
  message: LEAF,
  source: leaves("component host"),
  firstTimestamp: LEAF,
  lastTimestamp: LEAF,
  count: LEAF,
  type: LEAF,
  eventTime: LEAF,
  series: leaves("count lastObservedTime"),
  action: LEAF,
  related: objectReference,
  reportingComponent: LEAF,
  reportingInstance: LEAF,
});

const SCHEMAS: Record<string, FieldSchema> = {
  Pod: kind(podSpec, podStatus),
  Service: service,
  Endpoints: endpoints,
  ReplicationController: replicationController,
  Node: node,
  Namespace: namespace,
  Event: event,
  Binding: kind(undefined, undefined, { target: objectReference }),
  Scale: kind(leaves("replicas"), leaves("replicas selector")),
  DeleteOptions: obj({
    apiVersion: LEAF,
    kind: LEAF,
    gracePeriodSeconds: LEAF,
    preconditions: leaves("uid resourceVersion"),
    orphanDependents: LEAF,
    propagationPolicy: LEAF,
    dryRun: LEAF,
    ignoreStoreReadErrorWithClusterBreakingPotential: LEAF,
  }),
};

/** The known-fields schema of a kind, or undefined for kinds k8sm does not describe. */
export function knownFieldsSchema(kindName: string): FieldSchema | undefined {
  return SCHEMAS[kindName];
}
