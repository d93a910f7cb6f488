/**
 * A pod infra ("pause") image k8sm makes itself when the configured one cannot be pulled (a
 * machine without a registry): a root filesystem holding only the host's static busybox, imported
 * through the Docker Engine API (`POST /images/create?fromSrc=-`) and tagged
 * LOCAL_PAUSE_IMAGE, so the next executor finds it without building again. Its entrypoint sleeps
 * until SIGTERM, which is all an infra container does: hold the pod's namespaces.
 */

import { type DockerClient, errorText } from "./docker_client.ts";
import { imagePresent } from "./docker_images.ts";
import { readJsonLines } from "./docker_stream.ts";
import { tarArchive } from "./tar_archive.ts";

/** The tag of the infra image k8sm builds (busybox `sleep` until SIGTERM). */
export const LOCAL_PAUSE_IMAGE = "localhost/k8sm-pause:1";

/** The static binary the local pause image is made of (Debian/Ubuntu: busybox-static). */
export const PAUSE_BINARY = "/bin/busybox";

/** The entrypoint of the local pause image: sleep in the background, exit 0 on TERM/INT. */
export const PAUSE_ENTRYPOINT = [
  "/bin/sh",
  "-c",
  "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done",
];

/** Where the image came from: already present, or built now (from which binary). */
export interface LocalPauseImage {
  image: string;
  built: boolean;
}

/** True when the ELF file `bytes` has no program interpreter (it runs in an empty rootfs). */
export function isStaticElf(bytes: Uint8Array): boolean {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[4] !== 2) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[5] === 1;
  const phoff = Number(view.getBigUint64(0x20, little));
  const phentsize = view.getUint16(0x36, little);
  const phnum = view.getUint16(0x38, little);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 > bytes.length) return false;
    if (view.getUint32(at, little) === 3) return false; // PT_INTERP: needs a dynamic loader
  }
  return true;
}

async function readBinary(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new Error(
      `cannot read ${path} to build a local pause image (${errorText(e)}); install ` +
        `busybox-static, or load a pause image and pass --pod-infra-image`,
    );
  }
  if (!isStaticElf(bytes)) {
    throw new Error(
      `${path} is not a statically linked 64-bit program, so it cannot run alone in a pause ` +
        `image; install busybox-static, or load a pause image and pass --pod-infra-image`,
    );
  }
  return bytes;
}

/**
 * Makes LOCAL_PAUSE_IMAGE present: returns at once when the engine has it, else imports a rootfs
 * of `binary` (busybox, with `sh` and `sleep` linked to it). Throws a sentence saying what is
 * missing when the binary is unusable or the engine refuses the import.
 */
export async function provideLocalPauseImage(
  client: DockerClient,
  binary = PAUSE_BINARY,
): Promise<LocalPauseImage> {
  if (await imagePresent(client, LOCAL_PAUSE_IMAGE)) {
    return { image: LOCAL_PAUSE_IMAGE, built: false };
  }
  const bytes = await readBinary(binary);
  const rootfs = tarArchive([
    { kind: "dir", path: "bin" },
    { kind: "file", path: "bin/busybox", data: bytes, mode: 0o755 },
    { kind: "symlink", path: "bin/sh", target: "busybox" },
    { kind: "symlink", path: "bin/sleep", target: "busybox" },
  ]);
  let failure: string | undefined;
  try {
    const res = await client.request("POST", "/images/create", {
      query: {
        fromSrc: "-",
        // The tag rides in `repo` (Docker allows it; podman 4 ignores a separate `tag`).
        repo: LOCAL_PAUSE_IMAGE,
        changes: `ENTRYPOINT ${JSON.stringify(PAUSE_ENTRYPOINT)}`,
        message: `k8sm pause image from ${binary}`,
      },
      raw: { bytes: rootfs, contentType: "application/x-tar" },
    });
    if (res.body) {
      for await (const line of readJsonLines(res.body)) {
        if (typeof line.error === "string") failure = line.error;
      }
    }
  } catch (e) {
    failure = errorText(e);
  }
  if (failure === undefined && !await imagePresent(client, LOCAL_PAUSE_IMAGE)) {
    failure = "the engine accepted the import but does not list the image";
  }
  if (failure !== undefined) {
    throw new Error(
      `cannot build the local pause image ${LOCAL_PAUSE_IMAGE}: ${failure}; load a pause ` +
        `image and pass --pod-infra-image`,
    );
  }
  return { image: LOCAL_PAUSE_IMAGE, built: true };
}
