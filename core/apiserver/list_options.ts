/**
 * Query parameters of list and watch requests: label and field selectors (400 on a bad one or
 * an unsupported field label), resourceVersion, and the watch options.
 */
import type { ResourceInfo } from "../api/kinds.ts";
import {
  type FieldSelector,
  parseFieldSelector,
  supportedFieldSelectors,
} from "../api/field_selector.ts";
import { type LabelSelector, parseLabelSelector } from "../api/label_selector.ts";
import * as errors from "../api/status.ts";
import { isTrue } from "./request_info.ts";

/** Selectors of a list or watch request. */
export interface Selectors {
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Parses labelSelector/fieldSelector; `name` adds `metadata.name=<name>` (item watches). */
export function parseSelectors(
  query: URLSearchParams,
  info: ResourceInfo,
  name = "",
): Selectors {
  const out: Selectors = {};
  const ls = query.get("labelSelector");
  if (ls !== null && ls.trim() !== "") {
    try {
      out.labelSelector = parseLabelSelector(ls);
    } catch (e) {
      throw errors.badRequest(
        `unable to parse requirement: labelSelector "${ls}": ${messageOf(e)}`,
      );
    }
  }
  let fs = query.get("fieldSelector") ?? "";
  if (name !== "") fs = fs.trim() === "" ? `metadata.name=${name}` : `${fs},metadata.name=${name}`;
  if (fs.trim() !== "") {
    let sel: FieldSelector;
    try {
      sel = parseFieldSelector(fs);
    } catch (e) {
      throw errors.badRequest(`invalid field selector "${fs}": ${messageOf(e)}`);
    }
    const supported = supportedFieldSelectors(info.kind);
    for (const f of sel.fieldNames()) {
      if (!supported.includes(f)) {
        throw errors.badRequest(
          `field label not supported: ${f} (${info.resource} can be selected by ` +
            `${supported.join(", ")})`,
        );
      }
    }
    out.fieldSelector = sel;
  }
  return out;
}

/** Parses `timeoutSeconds` (400 when not a non-negative integer). */
export function parseTimeoutSeconds(query: URLSearchParams): number | undefined {
  const t = query.get("timeoutSeconds");
  if (t === null || t === "") return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 0) {
    throw errors.badRequest(`timeoutSeconds "${t}" is not a non-negative whole number`);
  }
  return n;
}

/** Parses `sendInitialEvents` (undefined when absent). */
export function parseSendInitialEvents(query: URLSearchParams): boolean | undefined {
  const v = query.get("sendInitialEvents");
  return v === null || v === "" ? undefined : isTrue(v);
}
