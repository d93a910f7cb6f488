/**
 * A master that refuses a scheduler's credentials (401) or its principal (403): one clear line
 * naming the master, the status and the flags to check. The client keeps retrying with backoff,
 * since credentials can be fixed on the master's side without restarting the scheduler.
 */

/** SUBSCRIBE answered 401 or 403; retried with backoff, logged once per distinct refusal. */
export class SubscribeUnauthorizedError extends Error {
  override name = "SubscribeUnauthorizedError";
  /** `status` is 401 or 403; the message is the line to log. */
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The line logged when the master at `endpoint` refuses SUBSCRIBE with 401 or 403. */
export function subscribeRefusalLine(
  endpoint: URL,
  status: number,
  body: string,
  hasCredentials: boolean,
): string {
  const master = `${endpoint.protocol}//${endpoint.host}`;
  const flags = "--mesos-authentication-principal and --mesos-authentication-secret-file";
  if (status === 401) {
    return hasCredentials
      ? `Mesos master at ${master} refused the framework's credentials (401): check ${flags}`
      : `Mesos master at ${master} refused the framework's credentials (401): none were ` +
        `given; set ${flags}`;
  }
  const reason = body.trim() || "Forbidden";
  return `Mesos master at ${master} refused the framework (403: ${reason}): check that ` +
    `the principal in --mesos-authentication-principal may register with --mesos-role`;
}
