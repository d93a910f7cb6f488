/**
 * Image presence and pulls over the Docker Engine API, with Kubernetes' pull policies and the
 * kubelet's failure reasons (ErrImagePull, ErrImageNeverPull, InvalidImageName).
 */

import {
  type PullPolicy,
  type PullProgress,
  type RegistryCredential,
  RuntimeError,
} from "../runtime.ts";
import { DockerApiError, type DockerClient, errorText } from "./docker_client.ts";
import { readJsonLines } from "./docker_stream.ts";

/** An image reference split for `POST /images/create` (`fromImage` + `tag`). */
export function splitImageRef(image: string): { repo: string; tag: string } {
  const at = image.indexOf("@");
  if (at >= 0) return { repo: image.slice(0, at), tag: image.slice(at + 1) };
  const slash = image.lastIndexOf("/");
  const colon = image.indexOf(":", slash + 1);
  if (colon < 0) return { repo: image, tag: "latest" };
  return { repo: image.slice(0, colon), tag: image.slice(colon + 1) };
}

/** The X-Registry-Auth header value: base64url of the credential's JSON (Docker's AuthConfig). */
export function registryAuthHeader(auth: RegistryCredential): string {
  const bytes = new TextEncoder().encode(JSON.stringify(auth));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_");
}

/** True when the engine has `image` locally. */
export async function imagePresent(client: DockerClient, image: string): Promise<boolean> {
  try {
    await client.call("GET", `/images/${encodeURIComponent(image)}/json`);
    return true;
  } catch (e) {
    if (e instanceof DockerApiError && e.status === 404) return false;
    throw e;
  }
}

/** Makes `image` present as `policy` says, reporting pull progress lines to `onProgress`. */
export async function ensureImage(
  client: DockerClient,
  image: string,
  policy: PullPolicy,
  onProgress?: PullProgress,
  auth?: RegistryCredential,
): Promise<void> {
  if (!image.trim() || /\s/.test(image)) {
    throw new RuntimeError(
      "InvalidImageName",
      `image name "${image}" is invalid; set spec.containers[].image to e.g. "busybox:1.36"`,
    );
  }
  if (policy !== "Always" && await imagePresent(client, image)) return;
  if (policy === "Never") {
    throw new RuntimeError(
      "ErrImageNeverPull",
      `container image "${image}" is not present with pull policy of Never; load it on the ` +
        `node or use imagePullPolicy IfNotPresent`,
    );
  }
  const { repo, tag } = splitImageRef(image);
  let failure: string | undefined;
  try {
    const res = await client.request("POST", "/images/create", {
      query: { fromImage: repo, tag },
      headers: auth ? { "X-Registry-Auth": registryAuthHeader(auth) } : undefined,
    });
    if (res.body) {
      for await (const line of readJsonLines(res.body)) {
        if (typeof line.error === "string") failure = line.error;
        const parts = [line.status, line.id, line.progress].filter((p) => typeof p === "string");
        if (parts.length && onProgress) onProgress(parts.join(" "));
      }
    }
  } catch (e) {
    failure = errorText(e);
  }
  if (failure !== undefined) {
    const hint = policy === "Always" && await imagePresent(client, image).catch(() => false)
      ? `the image is present on this node, but pull policy Always (the default for a ` +
        `":latest" or untagged image) pulls it anyway; set imagePullPolicy: IfNotPresent`
      : `check the name, the registry's reachability and credentials, or load the image on ` +
        `the node`;
    throw new RuntimeError("ErrImagePull", `Failed to pull image "${image}": ${failure}; ${hint}`);
  }
  if (!await imagePresent(client, image)) {
    throw new RuntimeError(
      "ErrImagePull",
      `pulling image "${image}" finished but the engine does not have it; check the name`,
    );
  }
}
