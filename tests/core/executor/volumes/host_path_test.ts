/** hostPath `type` checks as the kubelet makes them (and the *OrCreate kinds creating paths). */
import assert from "node:assert/strict";
import { checkHostPath } from "../../../../core/executor/volumes/host_path.ts";
import { VolumeError } from "../../../../core/executor/volumes/volume_payload.ts";

Deno.test("hostPath types: checks, creation and kubelet's failure messages", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-hostpath-" });
  try {
    await Deno.writeTextFile(`${dir}/f`, "x");
    await checkHostPath(`${dir}/absent`, "");
    await checkHostPath(dir, "Directory");
    await checkHostPath(`${dir}/f`, "File");
    await checkHostPath(`${dir}/made/dir`, "DirectoryOrCreate");
    assert.ok((await Deno.stat(`${dir}/made/dir`)).isDirectory);
    await checkHostPath(`${dir}/made2/file`, "FileOrCreate");
    assert.ok((await Deno.stat(`${dir}/made2/file`)).isFile);
    await checkHostPath("/dev/null", "CharDevice");
    const fails: [string, string, string][] = [
      [`${dir}/f`, "Directory", `hostPath type check failed: ${dir}/f is not a directory`],
      [dir, "File", `hostPath type check failed: ${dir} is not a file`],
      [`${dir}/absent`, "Socket", `hostPath type check failed: ${dir}/absent is not a socket file`],
      [`${dir}/f`, "DirectoryOrCreate", `hostPath type check failed: ${dir}/f is not a directory`],
    ];
    for (const [path, type, message] of fails) {
      await assert.rejects(
        () => checkHostPath(path, type),
        (e) => e instanceof VolumeError && e.message === message,
        `${type} ${path}`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
