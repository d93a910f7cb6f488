/**
 * The error a request body read fails with when the client went away before sending the whole
 * body (its process died, it aborted, the connection broke). Not the server's fault: answered
 * as 400 and not logged as an internal error.
 */

/** The client closed the connection before the whole request body arrived. */
export class ClientClosedError extends Error {
  constructor(cause?: unknown) {
    super(
      "the client closed the connection before sending the whole request body; " +
        "send the request again",
      { cause },
    );
    this.name = "ClientClosedError";
  }
}
