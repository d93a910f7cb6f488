/** The client side of the Kubernetes API: REST client, configuration, informer, manifests. */
export {
  type ListOptions,
  PATCH_CONTENT_TYPES,
  type PatchType,
  RestClient,
  type RestConfig,
  type RestTransport,
  TABLE_ACCEPT,
} from "./rest_client.ts";
export { resourcePath, type ResourceRef } from "./resource_path.ts";
export { LIST_PAGE_SIZE, listAllPages, type PageQuery } from "./paged_list.ts";
export { type WatchEvent as ApiWatchEvent } from "./watch_stream.ts";
export { describeError, isExpired, isNotFound, ServerUnreachableError } from "./client_errors.ts";
export {
  type ClientConfig,
  type ClientConfigInputs,
  DEFAULT_SERVER,
  normalizeServer,
  resolveClientConfig,
} from "./client_config.ts";
export { Informer, type InformerHandlers, type InformerOptions, objectKey } from "./informer.ts";
export { loadManifests, type Manifest, parseManifests } from "./manifest_loader.ts";
export { type ManifestTarget, manifestTarget } from "./manifest_target.ts";
export { type ClientWebSocket, dialWebSocket } from "./websocket_dial.ts";
export { exitCodeOf, type PodStreamOptions, runRemoteCommand } from "./remote_command.ts";
export {
  parsePortPair,
  type PortForward,
  type PortForwardOptions,
  type PortPair,
  startPortForward,
} from "./port_forward_client.ts";
export { type CopyEnd, parseCopyEnd, podCopy } from "./pod_copy.ts";
