/**
 * Protobuf codec for Mesos v1 messages in k8sm's JSON convention (that of vectors.json):
 * snake_case keys, enums by name, bytes as base64, 64-bit integers as decimal strings,
 * non-finite doubles as "Infinity"/"-Infinity"/"NaN", and only the fields present on the wire.
 */
import type protobuf from "protobufjs";
import { mesosType } from "./schema/mesos_schema.ts";
import { MesosMessageError, missingRequired, shapeProblems } from "./message_check.ts";

/** protobufjs conversion options producing k8sm's Mesos JSON objects. */
export const MESOS_OBJECT_OPTIONS: protobuf.IConversionOptions = {
  enums: String,
  bytes: String,
  longs: String,
  json: true,
};

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Turns a Mesos JSON object into a validated protobufjs message of `typeName`. Throws a
 * MesosMessageError naming every malformed or missing required field.
 */
export function mesosMessage(typeName: string, json: unknown): protobuf.Message {
  const type = mesosType(typeName);
  const shape = shapeProblems(type, json);
  if (shape.length > 0) {
    throw new MesosMessageError(typeName, `Invalid ${typeName}: ${shape.join("; ")}.`);
  }
  let message: protobuf.Message;
  try {
    message = type.fromObject(json as Record<string, unknown>);
  } catch (e) {
    throw new MesosMessageError(typeName, `Invalid ${typeName}: ${describe(e)}.`);
  }
  const missing = missingRequired(type, message);
  if (missing.length > 0) {
    throw new MesosMessageError(
      typeName,
      `Invalid ${typeName}: missing required fields ${missing.join(", ")} ` +
        `(unknown enum names count as missing); set them before sending.`,
    );
  }
  return message;
}

/** Converts a protobufjs message of `typeName` back to a Mesos JSON object. */
export function mesosObject(typeName: string, message: protobuf.Message): unknown {
  return mesosType(typeName).toObject(message, MESOS_OBJECT_OPTIONS);
}

/**
 * Encodes the Mesos JSON object `json` as protobuf bytes of the message `typeName`
 * (full name, e.g. `mesos.v1.scheduler.Call`).
 */
export function encodeMesos(typeName: string, json: unknown): Uint8Array<ArrayBuffer> {
  const type = mesosType(typeName);
  const message = mesosMessage(typeName, json);
  return new Uint8Array(type.encode(message).finish());
}

/**
 * Decodes protobuf `bytes` of the message `typeName` into a Mesos JSON object holding exactly
 * the fields present on the wire. Throws a MesosMessageError on malformed input.
 */
export function decodeMesos(typeName: string, bytes: Uint8Array): unknown {
  const type = mesosType(typeName);
  let message: protobuf.Message;
  try {
    message = type.decode(bytes);
  } catch (e) {
    throw new MesosMessageError(
      typeName,
      `Cannot decode ${typeName} from ${bytes.length} protobuf bytes: ${describe(e)}.`,
    );
  }
  return type.toObject(message, MESOS_OBJECT_OPTIONS);
}
