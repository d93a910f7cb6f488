/**
 * The credentials file of mesos-local: Mesos' JSON format and the legacy `principal secret`
 * lines load; malformed files fail with an error naming the file (and the line).
 */
import assert from "node:assert/strict";
import { loadCredentials } from "../../../../core/mesos/local/credentials.ts";

async function withFile(text: string, f: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-credentials-" });
  try {
    await Deno.writeTextFile(`${dir}/credentials`, text);
    await f(`${dir}/credentials`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("credentials load from Mesos JSON and from legacy text lines", async () => {
  await withFile(
    '{"credentials":[{"principal":"k8sm","secret":"s3cret"},{"principal":"ops","secret":"x"}]}',
    async (path) => {
      assert.deepEqual(await loadCredentials(path), [
        { principal: "k8sm", secret: "s3cret" },
        { principal: "ops", secret: "x" },
      ]);
    },
  );
  await withFile("# principals\nk8sm s3cret\n\n  ops\tx  \n", async (path) => {
    assert.deepEqual(await loadCredentials(path), [
      { principal: "k8sm", secret: "s3cret" },
      { principal: "ops", secret: "x" },
    ]);
  });
});

Deno.test("malformed credentials files are refused naming the file and line", async () => {
  await withFile("k8sm s3cret\nops\n", async (path) => {
    await assert.rejects(
      loadCredentials(path),
      new RegExp(`Credentials file ${path}, line 2: expected "principal secret"`),
    );
  });
  await withFile('{"credentials":[{"principal":"k8sm"}]}', async (path) => {
    await assert.rejects(
      loadCredentials(path),
      new RegExp(`Credentials file ${path}, credentials\\[0\\]: needs string fields`),
    );
  });
  await withFile('{"credentials": [', async (path) => {
    await assert.rejects(loadCredentials(path), new RegExp(`${path} is not valid JSON`));
  });
  await withFile("k8sm a:b\n", async (path) => {
    await assert.rejects(loadCredentials(path), /line 1: the secret of "k8sm" contains ':'/);
  });
  await withFile("k8sm one\nk8sm two\n", async (path) => {
    await assert.rejects(loadCredentials(path), /lists principal "k8sm" twice/);
  });
  await assert.rejects(
    loadCredentials("/nonexistent/k8sm-credentials"),
    /Cannot read the credentials file \/nonexistent\/k8sm-credentials/,
  );
});
