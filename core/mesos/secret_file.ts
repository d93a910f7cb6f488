/**
 * Reading a framework's Mesos secret (`--mesos-authentication-secret-file`): the file holds the
 * secret alone, a trailing newline is dropped, and a file other users may read is refused, since
 * the secret lets anyone register frameworks as this principal.
 */
import type { MesosCredentials } from "./master_url.ts";

/** Reads the secret in `path`; throws a sentence naming the file when it cannot be used. */
export async function readMesosSecretFile(path: string): Promise<string> {
  let info: Deno.FileInfo;
  let text: string;
  try {
    info = await Deno.stat(path);
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(
      `Cannot read the Mesos secret file ${path}: ${(e as Error).message}; check ` +
        `--mesos-authentication-secret-file.`,
    );
  }
  if (info.mode !== null && (info.mode & 0o004) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(3, "0");
    throw new Error(
      `The Mesos secret file ${path} is readable by every user (mode ${mode}); restrict it ` +
        `with "chmod 600 ${path}" and start again.`,
    );
  }
  const secret = text.replace(/(\r?\n)+$/, "");
  if (secret === "") {
    throw new Error(`The Mesos secret file ${path} is empty; write the principal's secret in it.`);
  }
  if (secret.includes(":")) {
    throw new Error(
      `The secret in ${path} contains ':', which Mesos' HTTP basic authentication never ` +
        `accepts; choose a secret without ':' (on the master too).`,
    );
  }
  return secret;
}

/**
 * Credentials from `--mesos-authentication-principal` and `--mesos-authentication-secret-file`:
 * undefined when neither is given; an error when only one is, or the file cannot be used.
 */
export async function mesosCredentialsFromFlags(
  principal: string | undefined,
  secretFile: string | undefined,
): Promise<MesosCredentials | undefined> {
  if (!principal && !secretFile) return undefined;
  if (!principal) {
    throw new Error(
      "--mesos-authentication-secret-file needs --mesos-authentication-principal (the " +
        "principal the secret belongs to).",
    );
  }
  if (!secretFile) {
    throw new Error(
      "--mesos-authentication-principal needs --mesos-authentication-secret-file (a file " +
        "holding the principal's secret).",
    );
  }
  if (principal.includes(":")) {
    throw new Error(
      `--mesos-authentication-principal "${principal}" contains ':', which HTTP basic ` +
        `authentication cannot carry; use a principal without ':'.`,
    );
  }
  return { principal, secret: await readMesosSecretFile(secretFile) };
}
