/** Validation of probes (liveness, readiness, startup) and their handlers. */
import { fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired } from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import { isValidPortName, isValidPortNum } from "../name_rules.ts";
import { type Checker, child } from "./checker.ts";

/** Validates an IntOrString port: a number 1–65535 or an IANA service name. */
export function validatePortNumOrName(c: Checker, port: number | string, path: string): void {
  const msgs = typeof port === "number" ? isValidPortNum(port) : isValidPortName(port);
  for (const msg of msgs) c.add(fieldInvalid(path, port, msg));
}

/** Validates that a non-negative integer field is ≥ 0. */
export function validateNonnegative(c: Checker, value: number | undefined, path: string): void {
  if (value !== undefined && value < 0) {
    c.add(fieldInvalid(path, value, "must be greater than or equal to 0"));
  }
}

const HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"] as const;

function validateHandler(c: Checker, probe: JsonRecord, path: string): void {
  let count = 0;
  for (const h of HANDLERS) {
    const handler = c.rec(probe, h, path);
    if (!handler) continue;
    const hPath = child(path, h);
    if (count++ > 0) {
      c.add(fieldForbidden(hPath, "may not specify more than 1 handler type"));
      continue;
    }
    if (h === "exec") {
      const command = c.strs(handler, "command", hPath);
      if (!command || command.length === 0) c.add(fieldRequired(child(hPath, "command")));
    } else if (h === "httpGet") {
      const p = c.str(handler, "path", hPath);
      if (!p) c.add(fieldRequired(child(hPath, "path")));
      const scheme = c.str(handler, "scheme", hPath);
      if (scheme !== undefined && scheme !== "HTTP" && scheme !== "HTTPS") {
        c.add(fieldNotSupported(child(hPath, "scheme"), scheme, ["HTTP", "HTTPS"]));
      }
      validatePortField(c, handler, hPath);
      for (const [i, header] of (c.recs(handler, "httpHeaders", hPath) ?? []).entries()) {
        const headerPath = `${child(hPath, "httpHeaders")}[${i}]`;
        const name = c.str(header, "name", headerPath) ?? "";
        if (!/^[-A-Za-z0-9!#$%&'*+.^_`|~]+$/.test(name)) {
          c.add(
            fieldInvalid(
              child(headerPath, "name"),
              name,
              "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
            ),
          );
        }
      }
    } else if (h === "tcpSocket") {
      validatePortField(c, handler, hPath);
    } else {
      const port = c.int(handler, "port", hPath);
      if (port === undefined) c.add(fieldRequired(child(hPath, "port")));
      else validatePortNumOrName(c, port, child(hPath, "port"));
    }
  }
  if (count === 0) c.add(fieldRequired(path, "must specify a handler type"));
}

function validatePortField(c: Checker, handler: JsonRecord, path: string): void {
  const port = c.intOrString(handler, "port", path);
  if (port === undefined) {
    if (handler.port === undefined) c.add(fieldRequired(child(path, "port")));
    return;
  }
  validatePortNumOrName(c, port, child(path, "port"));
}

/** Validates a probe: exactly one handler, non-negative timings; `kind` picks extra rules. */
export function validateProbe(
  c: Checker,
  probe: JsonRecord,
  path: string,
  kind: "liveness" | "readiness" | "startup",
): void {
  validateHandler(c, probe, path);
  for (
    const key of [
      "initialDelaySeconds",
      "timeoutSeconds",
      "periodSeconds",
      "successThreshold",
      "failureThreshold",
    ]
  ) {
    validateNonnegative(c, c.int(probe, key, path), child(path, key));
  }
  const success = c.int(probe, "successThreshold", path);
  if (kind !== "readiness" && success !== undefined && success !== 1) {
    c.add(fieldInvalid(child(path, "successThreshold"), success, "must be 1"));
  }
  const grace = c.int(probe, "terminationGracePeriodSeconds", path);
  if (grace !== undefined) {
    if (kind === "readiness") {
      c.add(
        fieldInvalid(
          child(path, "terminationGracePeriodSeconds"),
          grace,
          "must not be set for readinessProbes",
        ),
      );
    } else if (grace <= 0) {
      c.add(
        fieldInvalid(child(path, "terminationGracePeriodSeconds"), grace, "must be greater than 0"),
      );
    }
  }
}
