/**
 * The registry credential for an image from a pod's `imagePullSecrets`, as the kubelet's
 * keyring finds it: each Secret of type kubernetes.io/dockerconfigjson (`.dockerconfigjson`,
 * `{"auths": {registry: {username, password | auth, identitytoken}}}`) or the legacy
 * kubernetes.io/dockercfg (`.dockercfg`, the same map without `auths`), matched against the
 * image's registry host (Docker Hub under its several names). Missing secrets are skipped, as
 * the kubelet does (it pulls without them).
 */
import type { Pod } from "../api/types/pod.ts";
import { decodeBase64Strict } from "../api/validation/config_data.ts";
import type { RegistryCredential } from "./runtime.ts";
import type { PodObjectSource } from "./volumes/pod_object_source.ts";

const DOCKER_HUB = ["docker.io", "index.docker.io", "registry-1.docker.io"];

/** The registry host of an image reference (`docker.io` when none is named). */
export function imageRegistry(image: string): string {
  const first = image.split("/")[0];
  const named = image.includes("/") &&
    (first.includes(".") || first.includes(":") || first === "localhost");
  return named ? first : "docker.io";
}

/** A config key (`https://index.docker.io/v1/`, `host:5000`) reduced to its host[:port]. */
function keyHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//, "").split("/")[0];
}

interface AuthEntry {
  username?: string;
  password?: string;
  auth?: string;
  identitytoken?: string;
}

function credentialOf(entry: AuthEntry, registry: string): RegistryCredential {
  let { username, password } = entry;
  if ((!username || !password) && entry.auth) {
    const text = new TextDecoder().decode(decodeBase64Strict(entry.auth));
    const colon = text.indexOf(":");
    username = text.slice(0, colon);
    password = text.slice(colon + 1);
  }
  const cred: RegistryCredential = { serveraddress: registry };
  if (username) cred.username = username;
  if (password) cred.password = password;
  if (entry.identitytoken) cred.identitytoken = entry.identitytoken;
  return cred;
}

/** The entries of a pull secret's config, by registry key; empty when it is not one. */
export function pullSecretAuths(
  data: Record<string, string> | undefined,
): Record<string, AuthEntry> {
  const read = (key: string) => {
    const b64 = data?.[key];
    if (!b64) return undefined;
    try {
      return JSON.parse(new TextDecoder().decode(decodeBase64Strict(b64)));
    } catch {
      return undefined;
    }
  };
  const json = read(".dockerconfigjson");
  if (json && typeof json.auths === "object") return json.auths ?? {};
  const legacy = read(".dockercfg");
  return legacy && typeof legacy === "object" ? legacy : {};
}

/** The first credential of the pod's pull secrets that matches `image`'s registry. */
export async function pullCredential(
  pod: Pod,
  image: string,
  source: PodObjectSource | undefined,
): Promise<RegistryCredential | undefined> {
  const names = (pod.spec?.imagePullSecrets ?? []).map((r) => r.name).filter((n) => !!n);
  if (!source || names.length === 0) return undefined;
  const registry = imageRegistry(image);
  const hub = DOCKER_HUB.includes(registry);
  for (const name of names) {
    const secret = await source.secret(pod.metadata.namespace ?? "default", name!).catch(() =>
      undefined
    );
    for (const [key, entry] of Object.entries(pullSecretAuths(secret?.data))) {
      const host = keyHost(key);
      if (host === registry || (hub && DOCKER_HUB.includes(host))) {
        return credentialOf(entry, registry);
      }
    }
  }
  return undefined;
}
