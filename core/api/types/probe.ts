/** core/v1 Probe and its handlers. */
import type { IntOrString } from "../int_or_string.ts";

/** An HTTP request header of an httpGet probe. */
export interface HTTPHeader {
  name: string;
  value: string;
}

/** An HTTP GET health check. */
export interface HTTPGetAction {
  path?: string;
  port: IntOrString;
  host?: string;
  scheme?: "HTTP" | "HTTPS";
  httpHeaders?: HTTPHeader[];
}

/** A TCP connect health check. */
export interface TCPSocketAction {
  port: IntOrString;
  host?: string;
}

/** A command run in the container; exit 0 is healthy. */
export interface ExecAction {
  command?: string[];
}

/** A liveness, readiness or startup probe: one handler plus timing and thresholds. */
export interface Probe {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  tcpSocket?: TCPSocketAction;
  grpc?: { port: number; service?: string };
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}
