/** core/v1 Probe and its handlers. */
import type { IntOrString } from "../int_or_string.ts";
import type { Int32, Int64 } from "./scalars.ts";

/** An HTTP request header of an httpGet probe. */
export interface HTTPHeader {
  /** The header name. */
  name: string;
  /** The header value. */
  value: string;
}

/** An HTTP GET health check. */
export interface HTTPGetAction {
  /** The path to request. */
  path?: string;
  /** The port to connect to, by number or by the container port's name. */
  port: IntOrString;
  /** The host to connect to; the pod's IP by default (set a Host header instead, usually). */
  host?: string;
  /** HTTP or HTTPS (certificates are not verified). */
  scheme?: "HTTP" | "HTTPS";
  /**
   * Extra request headers.
   * @listType atomic
   */
  httpHeaders?: HTTPHeader[];
}

/** A TCP connect health check. */
export interface TCPSocketAction {
  /** The port to connect to, by number or by the container port's name. */
  port: IntOrString;
  /** The host to connect to; the pod's IP by default. */
  host?: string;
}

/** A command run in the container; exit 0 is healthy. */
export interface ExecAction {
  /**
   * The command and its arguments, run directly (not in a shell).
   * @listType atomic
   */
  command?: string[];
}

/** A gRPC health check (grpc.health.v1). */
export interface GRPCAction {
  /** The port of the gRPC server. */
  port: Int32;
  /** The service name sent in the health check request; empty asks about the server. */
  service?: string;
}

/** A liveness, readiness or startup probe: one handler plus timing and thresholds. */
export interface Probe {
  /** Runs a command in the container. */
  exec?: ExecAction;
  /** Sends an HTTP GET request. */
  httpGet?: HTTPGetAction;
  /** Opens a TCP connection. */
  tcpSocket?: TCPSocketAction;
  /** Calls the gRPC health service. */
  grpc?: GRPCAction;
  /** Seconds after the container starts before the first probe. */
  initialDelaySeconds?: Int32;
  /** Seconds after which one probe counts as failed (1 by default). */
  timeoutSeconds?: Int32;
  /** Seconds between probes (10 by default). */
  periodSeconds?: Int32;
  /** Consecutive successes needed after a failure to count as healthy again (1 by default). */
  successThreshold?: Int32;
  /** Consecutive failures after which the probe counts as failed (3 by default). */
  failureThreshold?: Int32;
  /** A grace period for stopping after this probe fails, overriding the pod's. */
  terminationGracePeriodSeconds?: Int64;
}
