/**
 * Pod logs as kubectl reads them: GET the pod to pick the container (annotation
 * `kubectl.kubernetes.io/default-container`, else the first), then stream `pods/NAME/log`.
 */
import type { KubeObject } from "../api/object.ts";
import { resourcePath } from "./resource_path.ts";
import type { RestClient } from "./rest_client.ts";

/** Options of a log request. */
export interface PodLogOptions {
  container?: string;
  follow?: boolean;
  tailLines?: number;
  timestamps?: boolean;
  previous?: boolean;
  signal?: AbortSignal;
}

/** The container a log request reads, and a note when it was chosen for the user. */
export function pickContainer(
  pod: KubeObject,
  asked?: string,
): { container: string; note?: string } {
  const spec = (pod.spec ?? {}) as { containers?: { name?: string }[] };
  const names = (spec.containers ?? []).map((c) => c.name ?? "");
  if (asked) {
    if (names.length > 0 && !names.includes(asked)) {
      throw new Error(
        `container "${asked}" is not in pod "${pod.metadata.name}"; its containers are ${
          names.join(", ")
        }`,
      );
    }
    return { container: asked };
  }
  const annotated = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
  if (annotated && names.includes(annotated)) return { container: annotated };
  if (names.length === 0) throw new Error(`pod "${pod.metadata.name}" has no containers`);
  const note = names.length > 1
    ? `Defaulted container "${names[0]}" out of: ${names.join(", ")}`
    : undefined;
  return { container: names[0], note };
}

/** Opens the log stream of a pod's container. */
export async function podLogStream(
  client: RestClient,
  namespace: string,
  name: string,
  opts: PodLogOptions = {},
): Promise<{ stream: ReadableStream<Uint8Array>; container: string; defaulted?: string }> {
  const pod = await client.get({ resource: "pods", namespace, name });
  const { container, note } = pickContainer(pod, opts.container);
  const stream = await client.stream(
    resourcePath({ resource: "pods", namespace, name, subresource: "log" }),
    {
      container,
      follow: opts.follow ? "true" : undefined,
      tailLines: opts.tailLines,
      timestamps: opts.timestamps ? "true" : undefined,
      previous: opts.previous ? "true" : undefined,
    },
    opts.signal,
  );
  return { stream, container, defaulted: note };
}
