/**
 * Loads k8sm's hand-written Mesos v1 schema (packages `mesos.v1`, `mesos.v1.scheduler`,
 * `mesos.v1.executor`, `mesos.v1.master` and what it imports) into one protobufjs Root, once, and
 * looks message types up by full name; the operator API's part is parsed on first use.
 */
import protobuf from "protobufjs";
import { MESOS_COMMON_PROTO } from "./mesos_common_proto.ts";
import { MESOS_OFFER_PROTO } from "./mesos_offer_proto.ts";
import { MESOS_TASK_PROTO } from "./mesos_task_proto.ts";
import { MESOS_CONTAINER_PROTO } from "./mesos_container_proto.ts";
import { SCHEDULER_PROTO } from "./scheduler_proto.ts";
import { EXECUTOR_PROTO } from "./executor_proto.ts";
import {
  ALLOCATOR_PROTO,
  GOOGLE_DURATION_PROTO,
  MAINTENANCE_PROTO,
  MESOS_OPERATOR_PROTO,
} from "./master_proto.ts";
import { MASTER_API_PROTO } from "./master_api_proto.ts";
import { AGENT_API_PROTO } from "./agent_api_proto.ts";

/** The sources every Mesos client parses: common types, the scheduler and executor APIs. */
const CORE_SOURCES = [
  MESOS_COMMON_PROTO,
  MESOS_OFFER_PROTO,
  MESOS_TASK_PROTO,
  MESOS_CONTAINER_PROTO,
  SCHEDULER_PROTO,
  EXECUTOR_PROTO,
];

/**
 * The operator API (master, agent, maintenance, allocator): parsed into the same Root only when a
 * name is not found among the core types, so an executor or a scheduler never pays for it
 * (parsing everything costs ~3 MiB more RSS than the core alone).
 */
const OPERATOR_SOURCES = [
  MESOS_OPERATOR_PROTO,
  GOOGLE_DURATION_PROTO,
  ALLOCATOR_PROTO,
  MAINTENANCE_PROTO,
  MASTER_API_PROTO,
  AGENT_API_PROTO,
];

let root: protobuf.Root | undefined;
let operatorParsed = false;
const types = new Map<string, protobuf.Type>();

function parseInto(r: protobuf.Root, sources: string[]): void {
  for (const source of sources) protobuf.parse(source, r, { keepCase: true });
  r.resolveAll();
}

/** The protobufjs Root of the core Mesos v1 messages (snake_case field names kept). */
function coreRoot(): protobuf.Root {
  if (root) return root;
  const r = new protobuf.Root();
  parseInto(r, CORE_SOURCES);
  root = r;
  return r;
}

/** The protobufjs Root holding every Mesos v1 message, the operator API's included. */
export function mesosRoot(): protobuf.Root {
  const r = coreRoot();
  if (!operatorParsed) {
    operatorParsed = true;
    parseInto(r, OPERATOR_SOURCES);
  }
  return r;
}

/** `full` (a name with a leading dot) in the schema, parsing the operator API if need be. */
function lookup(full: string): protobuf.ReflectionObject | null {
  const found = coreRoot().lookup(full);
  if (found?.fullName === full || operatorParsed) return found;
  return mesosRoot().lookup(full);
}

/**
 * The message type with the full protobuf name `typeName` (e.g. `mesos.v1.scheduler.Call`; a
 * leading dot is allowed). Throws an error naming the type when it is not part of the schema.
 */
export function mesosType(typeName: string): protobuf.Type {
  const cached = types.get(typeName);
  if (cached) return cached;
  const full = typeName.startsWith(".") ? typeName : `.${typeName}`;
  const found = lookup(full);
  if (!(found instanceof protobuf.Type) || found.fullName !== full) {
    throw new Error(
      `Unknown Mesos message type "${typeName}": use a full protobuf name such as ` +
        `"mesos.v1.scheduler.Call" or "mesos.v1.TaskStatus".`,
    );
  }
  types.set(typeName, found);
  return found;
}

/** The enum with the full protobuf name `enumName` (e.g. `mesos.v1.TaskState`). */
export function mesosEnum(enumName: string): protobuf.Enum {
  const full = enumName.startsWith(".") ? enumName : `.${enumName}`;
  const found = lookup(full);
  if (!(found instanceof protobuf.Enum) || found.fullName !== full) {
    throw new Error(
      `Unknown Mesos enum "${enumName}": use a full name such as "mesos.v1.TaskState".`,
    );
  }
  return found;
}
