/**
 * Named scalar types of the API. At runtime they are plain numbers and strings; the OpenAPI
 * schema generator (core/api/schema/schema_generator.ts) reads their names to emit the right
 * type and format (`integer`/`int64`, `string`/`date-time`, Quantity), so a field's declared
 * type is the one place its wire type is written.
 */

/** A 32-bit signed integer (the generator's default for plain `number`). */
export type Int32 = number;

/** A 64-bit signed integer (seconds, generations, byte sizes, user ids). */
export type Int64 = number;

/** An RFC 3339 timestamp with second precision (`2024-01-02T03:04:05Z`). */
export type Time = string;

/** An RFC 3339 timestamp with microsecond precision (`2024-01-02T03:04:05.000000Z`). */
export type MicroTime = string;

/** A resource quantity (`250m`, `64Mi`, `1`). */
export type Quantity = string;
