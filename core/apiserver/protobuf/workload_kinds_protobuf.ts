/**
 * Protobuf field tables of the workload kinds kubectl creates with its typed clients
 * (`kubectl create deployment|job|cronjob`, `create job --from=cronjob/NAME`): apps/v1
 * Deployment, batch/v1 Job and CronJob, with the pod template they carry; and policy/v1
 * PodDisruptionBudget (`kubectl create pdb`) and Eviction, which `kubectl drain` posts. Field numbers are
 * those of Kubernetes' generated.proto (core/v1, apps/v1, batch/v1). The pod spec covers the
 * fields k8sm runs (containers with command, args, env, ports, mounts and probes; common
 * volume sources; restartPolicy, nodeSelector, hostname…); fields not listed are skipped.
 */
import type { ProtoMessage } from "./proto_wire.ts";

const s = (name: string) => ({ name, type: "string" as const });
const strs = (name: string) => ({ name, type: "string" as const, repeated: true });
const int = (name: string) => ({ name, type: "int" as const });
const bool = (name: string) => ({ name, type: "bool" as const });
const msg = (name: string, message: ProtoMessage, repeated = false) => ({
  name,
  type: { message },
  repeated,
});
const inline = (message: ProtoMessage) => ({ name: "", type: { message }, inline: true });
const strMap = (name: string) => ({ name, type: { map: "string" as const } });

const LOCAL_REF: ProtoMessage = { 1: s("name") };
const KEY_REF: ProtoMessage = { 1: inline(LOCAL_REF), 2: s("key"), 3: bool("optional") };
const KEY_TO_PATH: ProtoMessage = { 1: s("key"), 2: s("path"), 3: int("mode") };

const ENV_VAR: ProtoMessage = {
  1: s("name"),
  2: s("value"),
  3: msg("valueFrom", {
    1: msg("fieldRef", { 1: s("apiVersion"), 2: s("fieldPath") }),
    3: msg("configMapKeyRef", KEY_REF),
    4: msg("secretKeyRef", KEY_REF),
  }),
};

const PROBE: ProtoMessage = {
  1: inline({
    1: msg("exec", { 1: strs("command") }),
    2: msg("httpGet", {
      1: s("path"),
      2: { name: "port", type: "intOrString" },
      3: s("host"),
      4: s("scheme"),
      5: msg("httpHeaders", { 1: s("name"), 2: s("value") }, true),
    }),
    3: msg("tcpSocket", { 1: { name: "port", type: "intOrString" }, 2: s("host") }),
  }),
  2: int("initialDelaySeconds"),
  3: int("timeoutSeconds"),
  4: int("periodSeconds"),
  5: int("successThreshold"),
  6: int("failureThreshold"),
};

const CONTAINER: ProtoMessage = {
  1: s("name"),
  2: s("image"),
  3: strs("command"),
  4: strs("args"),
  5: s("workingDir"),
  6: msg("ports", {
    1: s("name"),
    2: int("hostPort"),
    3: int("containerPort"),
    4: s("protocol"),
    5: s("hostIP"),
  }, true),
  7: msg("env", ENV_VAR, true),
  9: msg("volumeMounts", {
    1: s("name"),
    2: bool("readOnly"),
    3: s("mountPath"),
    4: s("subPath"),
  }, true),
  10: msg("livenessProbe", PROBE),
  11: msg("readinessProbe", PROBE),
  13: s("terminationMessagePath"),
  14: s("imagePullPolicy"),
  16: bool("stdin"),
  17: bool("stdinOnce"),
  18: bool("tty"),
  20: s("terminationMessagePolicy"),
  22: msg("startupProbe", PROBE),
};

const VOLUME: ProtoMessage = {
  1: s("name"),
  2: inline({
    1: msg("hostPath", { 1: s("path"), 2: s("type") }),
    2: msg("emptyDir", { 1: s("medium") }),
    6: msg("secret", {
      1: s("secretName"),
      2: msg("items", KEY_TO_PATH, true),
      3: int("defaultMode"),
      4: bool("optional"),
    }),
    19: msg("configMap", {
      1: inline(LOCAL_REF),
      2: msg("items", KEY_TO_PATH, true),
      3: int("defaultMode"),
      4: bool("optional"),
    }),
  }),
};

const POD_SPEC: ProtoMessage = {
  1: msg("volumes", VOLUME, true),
  2: msg("containers", CONTAINER, true),
  3: s("restartPolicy"),
  4: int("terminationGracePeriodSeconds"),
  5: int("activeDeadlineSeconds"),
  6: s("dnsPolicy"),
  7: strMap("nodeSelector"),
  8: s("serviceAccountName"),
  10: s("nodeName"),
  11: bool("hostNetwork"),
  15: msg("imagePullSecrets", LOCAL_REF, true),
  16: s("hostname"),
  17: s("subdomain"),
  19: s("schedulerName"),
  20: msg("initContainers", CONTAINER, true),
  21: bool("automountServiceAccountToken"),
};

const LABEL_SELECTOR: ProtoMessage = {
  1: strMap("matchLabels"),
  2: msg("matchExpressions", { 1: s("key"), 2: s("operator"), 3: strs("values") }, true),
};

/** The workload kinds' messages by kind, given the shared ObjectMeta message. */
export function workloadKindMessages(objectMeta: ProtoMessage): Record<string, ProtoMessage> {
  const meta = msg("metadata", objectMeta);
  const template = msg("template", { 1: meta, 2: msg("spec", POD_SPEC) });
  const jobSpec: ProtoMessage = {
    1: int("parallelism"),
    2: int("completions"),
    3: int("activeDeadlineSeconds"),
    4: msg("selector", LABEL_SELECTOR),
    5: bool("manualSelector"),
    6: template,
    7: int("backoffLimit"),
    8: int("ttlSecondsAfterFinished"),
    9: s("completionMode"),
    10: bool("suspend"),
  };
  return {
    Deployment: {
      1: meta,
      2: msg("spec", {
        1: int("replicas"),
        2: msg("selector", LABEL_SELECTOR),
        3: template,
        4: msg("strategy", {
          1: s("type"),
          2: msg("rollingUpdate", {
            1: { name: "maxUnavailable", type: "intOrString" },
            2: { name: "maxSurge", type: "intOrString" },
          }),
        }),
        5: int("minReadySeconds"),
        6: int("revisionHistoryLimit"),
        7: bool("paused"),
        9: int("progressDeadlineSeconds"),
      }),
    },
    Job: { 1: meta, 2: msg("spec", jobSpec) },
    PodDisruptionBudget: {
      1: meta,
      2: msg("spec", {
        1: { name: "minAvailable", type: "intOrString" },
        2: msg("selector", LABEL_SELECTOR),
        3: { name: "maxUnavailable", type: "intOrString" },
        4: s("unhealthyPodEvictionPolicy"),
      }),
    },
    Eviction: {
      1: meta,
      2: msg("deleteOptions", {
        1: int("gracePeriodSeconds"),
        2: msg("preconditions", { 1: s("uid"), 2: s("resourceVersion") }),
        3: bool("orphanDependents"),
        4: s("propagationPolicy"),
        5: strs("dryRun"),
      }),
    },
    CronJob: {
      1: meta,
      2: msg("spec", {
        1: s("schedule"),
        2: int("startingDeadlineSeconds"),
        3: s("concurrencyPolicy"),
        4: bool("suspend"),
        5: msg("jobTemplate", { 1: meta, 2: msg("spec", jobSpec) }),
        6: int("successfulJobsHistoryLimit"),
        7: int("failedJobsHistoryLimit"),
        8: s("timeZone"),
      }),
    },
  };
}
