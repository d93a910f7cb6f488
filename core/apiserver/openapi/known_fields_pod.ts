/** Known-fields schemas of the core/v1 pod types (PodSpec, Container, probes, volumes, status). */

import { type FieldSchema, FREE, LEAF, leaves, list, obj, STRING_MAP } from "./field_schema.ts";

const keyRef = leaves("name key optional");
const objectFieldSelector = leaves("apiVersion fieldPath");
const resourceFieldSelector = leaves("containerName resource divisor");

const envVar = leaves("name value", {
  valueFrom: obj({
    fieldRef: objectFieldSelector,
    resourceFieldRef: resourceFieldSelector,
    configMapKeyRef: keyRef,
    secretKeyRef: keyRef,
  }),
});

const handlerParts = {
  exec: leaves("command"),
  httpGet: leaves("path port host scheme", { httpHeaders: list(leaves("name value")) }),
  tcpSocket: leaves("port host"),
};

const probe = leaves(
  "initialDelaySeconds timeoutSeconds periodSeconds successThreshold failureThreshold " +
    "terminationGracePeriodSeconds",
  { ...handlerParts, grpc: leaves("port service") },
);

const lifecycleHandler = obj({ ...handlerParts, sleep: leaves("seconds") });

const seLinuxOptions = leaves("user role type level");
const windowsOptions = leaves(
  "gmsaCredentialSpecName gmsaCredentialSpec runAsUserName hostProcess",
);
const profile = leaves("type localhostProfile");

const securityContext = leaves(
  "privileged runAsUser runAsGroup runAsNonRoot readOnlyRootFilesystem " +
    "allowPrivilegeEscalation procMount",
  {
    capabilities: leaves("add drop"),
    seLinuxOptions,
    windowsOptions,
    seccompProfile: profile,
    appArmorProfile: profile,
  },
);

const resources = obj({
  limits: STRING_MAP,
  requests: STRING_MAP,
  claims: list(leaves("name request")),
});

const containerFields: Record<string, FieldSchema> = {
  name: LEAF,
  image: LEAF,
  command: LEAF,
  args: LEAF,
  workingDir: LEAF,
  ports: list(leaves("name hostPort containerPort protocol hostIP")),
  envFrom: list(
    leaves("prefix", { configMapRef: leaves("name optional"), secretRef: leaves("name optional") }),
  ),
  env: list(envVar),
  resources,
  resizePolicy: list(leaves("resourceName restartPolicy")),
  restartPolicy: LEAF,
  volumeMounts: list(
    leaves("name readOnly recursiveReadOnly mountPath subPath mountPropagation subPathExpr"),
  ),
  volumeDevices: list(leaves("name devicePath")),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: obj({ postStart: lifecycleHandler, preStop: lifecycleHandler, stopSignal: LEAF }),
  terminationMessagePath: LEAF,
  terminationMessagePolicy: LEAF,
  imagePullPolicy: LEAF,
  securityContext,
  stdin: LEAF,
  stdinOnce: LEAF,
  tty: LEAF,
};

const keyToPath = list(leaves("key path mode"));

const volume = leaves("name", {
  hostPath: leaves("path type"),
  emptyDir: leaves("medium sizeLimit"),
  secret: leaves("secretName defaultMode optional", { items: keyToPath }),
  configMap: leaves("name defaultMode optional", { items: keyToPath }),
  persistentVolumeClaim: leaves("claimName readOnly"),
  nfs: leaves("server path readOnly"),
  downwardAPI: leaves("defaultMode", {
    items: list(leaves("path mode", {
      fieldRef: objectFieldSelector,
      resourceFieldRef: resourceFieldSelector,
    })),
  }),
  image: leaves("reference pullPolicy"),
  ...Object.fromEntries(
    ("projected csi ephemeral gcePersistentDisk awsElasticBlockStore gitRepo iscsi glusterfs rbd " +
      "flexVolume cinder cephfs flocker fc azureFile vsphereVolume quobyte azureDisk " +
      "photonPersistentDisk portworxVolume scaleIO storageos").split(" ").map((n) => [n, FREE]),
  ),
});

const podSecurityContext = leaves(
  "runAsUser runAsGroup runAsNonRoot supplementalGroups supplementalGroupsPolicy fsGroup " +
    "fsGroupChangePolicy seLinuxChangePolicy",
  {
    seLinuxOptions,
    windowsOptions,
    sysctls: list(leaves("name value")),
    seccompProfile: profile,
    appArmorProfile: profile,
  },
);

/** PodSpec (also the `template.spec` of a ReplicationController). */
export const podSpec: FieldSchema = leaves(
  "restartPolicy terminationGracePeriodSeconds activeDeadlineSeconds dnsPolicy " +
    "serviceAccountName serviceAccount automountServiceAccountToken nodeName hostNetwork hostPID " +
    "hostIPC shareProcessNamespace hostname subdomain schedulerName priorityClassName priority " +
    "runtimeClassName enableServiceLinks preemptionPolicy setHostnameAsFQDN hostUsers",
  {
    volumes: list(volume),
    initContainers: list(obj(containerFields)),
    containers: list(obj(containerFields)),
    ephemeralContainers: list(obj({ ...containerFields, targetContainerName: LEAF })),
    nodeSelector: STRING_MAP,
    securityContext: podSecurityContext,
    imagePullSecrets: list(leaves("name")),
    affinity: FREE,
    tolerations: list(leaves("key operator value effect tolerationSeconds")),
    hostAliases: list(leaves("ip hostnames")),
    dnsConfig: leaves("nameservers searches", { options: list(leaves("name value")) }),
    readinessGates: list(leaves("conditionType")),
    overhead: STRING_MAP,
    topologySpreadConstraints: list(
      leaves(
        "maxSkew topologyKey whenUnsatisfiable minDomains nodeAffinityPolicy nodeTaintsPolicy " +
          "matchLabelKeys",
        { labelSelector: FREE },
      ),
    ),
    os: leaves("name"),
    schedulingGates: list(leaves("name")),
    resourceClaims: list(leaves("name resourceClaimName resourceClaimTemplateName")),
    resources,
  },
);

const containerState = obj({
  waiting: leaves("reason message"),
  running: leaves("startedAt"),
  terminated: leaves("exitCode signal reason message startedAt finishedAt containerID"),
});

const containerStatus = leaves(
  "name ready restartCount image imageID containerID started stopSignal",
  {
    state: containerState,
    lastState: containerState,
    allocatedResources: STRING_MAP,
    resources,
    volumeMounts: FREE,
    user: FREE,
    allocatedResourcesStatus: FREE,
  },
);

/** PodStatus, as kubelets (and k8sm's executor) write it. */
export const podStatus: FieldSchema = leaves(
  "observedGeneration phase message reason nominatedNodeName hostIP podIP startTime qosClass resize",
  {
    conditions: list(
      leaves("type status observedGeneration lastProbeTime lastTransitionTime reason message"),
    ),
    hostIPs: list(leaves("ip")),
    podIPs: list(leaves("ip")),
    initContainerStatuses: list(containerStatus),
    containerStatuses: list(containerStatus),
    ephemeralContainerStatuses: list(containerStatus),
    resourceClaimStatuses: FREE,
  },
);
