/**
 * The scheduler's Mesos secret file: the secret without its trailing newline; a world-readable
 * file, an empty one, one with ':' and a principal without a file are refused with a sentence.
 */
import assert from "node:assert/strict";
import { mesosCredentialsFromFlags, readMesosSecretFile } from "../../../core/mesos/secret_file.ts";

async function secretFile(text: string, mode: number): Promise<string> {
  const path = await Deno.makeTempFile({ prefix: "k8sm-secret-" });
  await Deno.writeTextFile(path, text);
  await Deno.chmod(path, mode);
  return path;
}

Deno.test("the secret file's trailing newline is dropped", async () => {
  const path = await secretFile("s3cret\n", 0o600);
  try {
    assert.equal(await readMesosSecretFile(path), "s3cret");
    assert.deepEqual(await mesosCredentialsFromFlags("k8sm", path), {
      principal: "k8sm",
      secret: "s3cret",
    });
    assert.equal(await mesosCredentialsFromFlags(undefined, undefined), undefined);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("unusable secret files and half-given flags are refused", async () => {
  const open = await secretFile("s3cret\n", 0o644);
  const empty = await secretFile("\n", 0o600);
  const colon = await secretFile("a:b", 0o600);
  try {
    await assert.rejects(
      readMesosSecretFile(open),
      new RegExp(`${open} is readable by every user \\(mode 644\\); restrict it`),
    );
    await assert.rejects(readMesosSecretFile(empty), /is empty/);
    await assert.rejects(readMesosSecretFile(colon), /contains ':'/);
    await assert.rejects(readMesosSecretFile("/nonexistent/secret"), /Cannot read the Mesos/);
    await assert.rejects(
      mesosCredentialsFromFlags("k8sm", undefined),
      /--mesos-authentication-principal needs --mesos-authentication-secret-file/,
    );
    await assert.rejects(
      mesosCredentialsFromFlags(undefined, colon),
      /--mesos-authentication-secret-file needs --mesos-authentication-principal/,
    );
  } finally {
    for (const p of [open, empty, colon]) await Deno.remove(p);
  }
});
