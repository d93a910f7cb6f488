/**
 * hostPath volume `type` checks, as the kubelet makes them before mounting: Directory, File,
 * Socket, CharDevice and BlockDevice must exist and be of that kind; DirectoryOrCreate and
 * FileOrCreate create what is missing (0755 directory, 0644 empty file); "" checks nothing.
 */
import { dirname } from "node:path";
import { VolumeError } from "./volume_payload.ts";

async function statOf(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** Checks (or creates) `path` per hostPath `type`; throws a VolumeError in kubelet's words. */
export async function checkHostPath(path: string, type = ""): Promise<void> {
  const info = await statOf(path);
  switch (type) {
    case "":
      return;
    case "DirectoryOrCreate":
      if (!info) return await Deno.mkdir(path, { recursive: true, mode: 0o755 });
      if (!info.isDirectory) {
        throw new VolumeError(`hostPath type check failed: ${path} is not a directory`);
      }
      return;
    case "FileOrCreate":
      if (!info) {
        await Deno.mkdir(dirname(path), { recursive: true, mode: 0o755 });
        return await Deno.writeFile(path, new Uint8Array(), { mode: 0o644 });
      }
      if (!info.isFile) throw new VolumeError(`hostPath type check failed: ${path} is not a file`);
      return;
  }
  const kinds: Record<string, [(i: Deno.FileInfo) => boolean, string]> = {
    Directory: [(i) => i.isDirectory, "directory"],
    File: [(i) => i.isFile, "file"],
    Socket: [(i) => i.isSocket === true, "socket file"],
    CharDevice: [(i) => i.isCharDevice === true, "character device"],
    BlockDevice: [(i) => i.isBlockDevice === true, "block device"],
  };
  const check = kinds[type];
  if (!check) throw new VolumeError(`hostPath type "${type}" is not supported`);
  if (!info || !check[0](info)) {
    throw new VolumeError(`hostPath type check failed: ${path} is not a ${check[1]}`);
  }
}
