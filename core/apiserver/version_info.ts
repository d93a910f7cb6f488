/**
 * The `/version` document. k8sm reports Kubernetes v1.32 so that kubectl (whose dispatcher
 * picks the client matching the server's minor version) behaves as 1.32 does.
 */

/** The Kubernetes version k8sm's API corresponds to. */
export const KUBE_GIT_VERSION = "v1.32.4-k8sm";

/** The build date reported (the day this API surface was fixed). */
const BUILD_DATE = "2026-11-25T00:00:00Z";

/** Kubernetes' version.Info. */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

function gitCommit(): string {
  try {
    return Deno.env.get("K8SM_GIT_COMMIT") ?? "0000000000000000000000000000000000000000";
  } catch {
    return "0000000000000000000000000000000000000000";
  }
}

/** The version document of this server. */
export function versionInfo(): VersionInfo {
  const arch = Deno.build.arch === "x86_64"
    ? "amd64"
    : Deno.build.arch === "aarch64"
    ? "arm64"
    : Deno.build.arch;
  return {
    major: "1",
    minor: "32",
    gitVersion: KUBE_GIT_VERSION,
    gitCommit: gitCommit(),
    gitTreeState: "clean",
    buildDate: BUILD_DATE,
    goVersion: `deno${Deno.version.deno}`,
    compiler: "deno",
    platform: `${Deno.build.os}/${arch}`,
  };
}
