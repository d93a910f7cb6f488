/**
 * Creates and starts one container under its kubelet-style name, with the retries a leftover
 * or an engine's quirk call for: a container already holding the name (an earlier executor's,
 * or an interrupted attempt) is removed and the create tried again; Docker's refusal of a
 * hostname on a container joining another's network is retried without it.
 */

import { DockerApiError, type DockerClient, errorText } from "./docker_client.ts";
import { RuntimeError } from "../runtime.ts";

/**
 * True when the engine refused a create because the name is taken: Docker answers 409,
 * podman 500 with "… is already in use".
 */
export function nameInUse(e: unknown): boolean {
  return e instanceof DockerApiError &&
    (e.status === 409 || (e.status === 500 && /already in use/i.test(e.engineMessage)));
}

/** True when Docker refused `body`'s hostname because the container joins another's network. */
function hostnameRefused(e: unknown, body: Record<string, unknown>): boolean {
  return e instanceof DockerApiError && e.status < 500 && "Hostname" in body &&
    /hostname/i.test(e.engineMessage) && String(
      body.HostConfig && (body.HostConfig as Record<string, unknown>).NetworkMode,
    ).startsWith("container:");
}

/**
 * `POST /containers/create` of `name`; a name in use costs a forced removal and one more
 * create. Creating first (rather than removing first, which nearly always answers 404) saves
 * a round trip to the engine on every start.
 */
async function createNamed(
  client: DockerClient,
  name: string,
  body: Record<string, unknown>,
): Promise<string> {
  const create = async () =>
    (await client.json<{ Id: string }>("POST", "/containers/create", {
      query: { name },
      body,
    })).Id;
  try {
    return await create();
  } catch (e) {
    if (!nameInUse(e)) throw e;
  }
  await client.call("DELETE", `/containers/${name}`, { query: { force: true } })
    .catch((e) => {
      if (!(e instanceof DockerApiError && e.status === 404)) throw e;
    });
  return await create();
}

/**
 * Creates container `name` from `body` (not started); returns its id. `what` names it in the
 * CreateContainerError a refusal becomes.
 */
export async function createContainer(
  client: DockerClient,
  name: string,
  body: Record<string, unknown>,
  what: string,
): Promise<string> {
  try {
    try {
      return await createNamed(client, name, body);
    } catch (e) {
      // Docker refuses a hostname on a container joining another's network (it inherits the
      // sandbox's); podman needs it. Retry without.
      if (!hostnameRefused(e, body)) throw e;
      const { Hostname: _dropped, Domainname: _domain, ...rest } = body;
      return await createNamed(client, name, rest);
    }
  } catch (e) {
    throw new RuntimeError(
      "CreateContainerError",
      `cannot create ${what} ${name}: ${errorText(e)}`,
    );
  }
}

/** Starts created container `id`; one that fails to start is removed (RunContainerError). */
export async function startCreated(
  client: DockerClient,
  id: string,
  name: string,
  what: string,
): Promise<void> {
  try {
    await client.call("POST", `/containers/${id}/start`);
  } catch (e) {
    await client.call("DELETE", `/containers/${id}`, { query: { force: true } })
      .catch(() => {});
    throw new RuntimeError("RunContainerError", `cannot start ${what} ${name}: ${errorText(e)}`);
  }
}

/**
 * Creates container `name` from `body` and starts it; returns its id. `what` names it in
 * errors (CreateContainerError, RunContainerError); a container that fails to start is removed.
 */
export async function createAndStart(
  client: DockerClient,
  name: string,
  body: Record<string, unknown>,
  what: string,
): Promise<string> {
  const id = await createContainer(client, name, body, what);
  await startCreated(client, id, name, what);
  return id;
}
