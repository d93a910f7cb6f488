/**
 * Validation of a pod's volumes and of the paths containers mount them at, with
 * kube-apiserver's field paths and messages: one source per volume, unique DNS-label names,
 * the configMap / secret / downwardAPI / projected / hostPath / emptyDir fields, item paths
 * that stay inside the volume, `defaultMode`/`mode` within 0..0777, and a mount's `subPath`.
 */
import { fieldDuplicate, fieldInvalid, fieldNotSupported, fieldRequired } from "../field_error.ts";
import type { JsonRecord } from "../json_value.ts";
import { isDNS1123Label, isDNS1123Subdomain } from "../name_rules.ts";
import { parseQuantity } from "../quantity.ts";
import { VOLUME_SOURCES } from "../types/volume.ts";
import { type Checker, child, index } from "./checker.ts";

/** The hostPath `type`s Kubernetes knows ("" = no check). */
export const HOST_PATH_TYPES = [
  "",
  "BlockDevice",
  "CharDevice",
  "Directory",
  "DirectoryOrCreate",
  "File",
  "FileOrCreate",
  "Socket",
];

const MODE_MESSAGE = "must be a number between 0 and 0777 (octal), both inclusive";

/**
 * kube's validateLocalDescendingPath: not absolute, no `..` element. Returns messages (empty
 * when fine).
 */
export function localDescendingPathErrors(p: string): string[] {
  const out: string[] = [];
  if (p.startsWith("/")) out.push("must be a relative path");
  if (p.split("/").includes("..")) out.push("must not contain '..'");
  return out;
}

function checkMode(c: Checker, obj: JsonRecord, key: string, path: string): void {
  const mode = c.int(obj, key, path);
  if (mode !== undefined && (mode < 0 || mode > 0o777)) {
    c.add(fieldInvalid(child(path, key), mode, MODE_MESSAGE));
  }
}

/** kube's validateLocalNonReservedPath: a descending path that does not start with `..`. */
function checkItemPath(c: Checker, item: JsonRecord, path: string): void {
  const p = c.str(item, "path", path);
  if (!p) return c.add(fieldRequired(child(path, "path")));
  for (const msg of localDescendingPathErrors(p)) c.add(fieldInvalid(child(path, "path"), p, msg));
  if (p.startsWith("..")) c.add(fieldInvalid(child(path, "path"), p, "must not start with '..'"));
}

function checkKeyItems(c: Checker, src: JsonRecord, path: string): void {
  (c.recs(src, "items", path) ?? []).forEach((item, i) => {
    const p = index(child(path, "items"), i);
    if (!c.str(item, "key", p)) c.add(fieldRequired(child(p, "key")));
    checkItemPath(c, item, p);
    checkMode(c, item, "mode", p);
  });
  c.bool(src, "optional", path);
}

function checkNamed(c: Checker, src: JsonRecord, key: string, path: string, required: boolean) {
  const name = c.str(src, key, path);
  if (!name) {
    if (required) c.add(fieldRequired(child(path, key)));
    return;
  }
  for (const msg of isDNS1123Subdomain(name)) c.add(fieldInvalid(child(path, key), name, msg));
}

function checkDownwardItems(c: Checker, src: JsonRecord, path: string): void {
  (c.recs(src, "items", path) ?? []).forEach((item, i) => {
    const p = index(child(path, "items"), i);
    checkItemPath(c, item, p);
    checkMode(c, item, "mode", p);
    const fieldRef = c.rec(item, "fieldRef", p);
    const resRef = c.rec(item, "resourceFieldRef", p);
    if (fieldRef && resRef) {
      c.add(
        fieldInvalid(
          p,
          "resource",
          "fieldRef and resourceFieldRef can not be specified simultaneously",
        ),
      );
    } else if (!fieldRef && !resRef) {
      c.add(fieldRequired(p, "one of fieldRef and resourceFieldRef is required"));
    }
    if (fieldRef && !c.str(fieldRef, "fieldPath", child(p, "fieldRef"))) {
      c.add(fieldRequired(child(child(p, "fieldRef"), "fieldPath")));
    }
    if (resRef && !c.str(resRef, "resource", child(p, "resourceFieldRef"))) {
      c.add(fieldRequired(child(child(p, "resourceFieldRef"), "resource")));
    }
  });
}

function checkProjected(c: Checker, src: JsonRecord, path: string): void {
  checkMode(c, src, "defaultMode", path);
  (c.recs(src, "sources", path) ?? []).forEach((s, i) => {
    const p = index(child(path, "sources"), i);
    const kinds = ["secret", "configMap", "downwardAPI", "serviceAccountToken"]
      .filter((k) => c.rec(s, k, p) !== undefined);
    if (kinds.length !== 1) {
      c.add(oneProjectionError(p));
      return;
    }
    const sp = child(p, kinds[0]);
    const inner = s[kinds[0]] as JsonRecord;
    if (kinds[0] === "secret" || kinds[0] === "configMap") {
      checkNamed(c, inner, "name", sp, true);
      checkKeyItems(c, inner, sp);
    } else if (kinds[0] === "downwardAPI") checkDownwardItems(c, inner, sp);
    else {
      const tokenPath = c.str(inner, "path", sp);
      if (!tokenPath) c.add(fieldRequired(child(sp, "path")));
      else {
        for (const msg of localDescendingPathErrors(tokenPath)) {
          c.add(fieldInvalid(child(sp, "path"), tokenPath, msg));
        }
      }
      const seconds = c.int(inner, "expirationSeconds", sp);
      if (seconds !== undefined && seconds < 600) {
        c.add(
          fieldInvalid(
            child(sp, "expirationSeconds"),
            seconds,
            "may not specify a duration less than 10 minutes",
          ),
        );
      }
      c.str(inner, "audience", sp);
    }
  });
}

function oneProjectionError(path: string) {
  return fieldInvalid(
    path,
    "",
    "exactly one of secret, configMap, downwardAPI or serviceAccountToken must be set",
  );
}

function checkSource(c: Checker, v: JsonRecord, kind: string, p: string): void {
  const sp = child(p, kind);
  const src = c.rec(v, kind, p);
  if (!src) return;
  switch (kind) {
    case "hostPath": {
      const path = c.str(src, "path", sp);
      if (!path) c.add(fieldRequired(child(sp, "path")));
      else if (path.split("/").includes("..")) {
        c.add(fieldInvalid(child(sp, "path"), path, "must not contain '..'"));
      }
      const type = c.str(src, "type", sp);
      if (type !== undefined && !HOST_PATH_TYPES.includes(type)) {
        c.add(fieldNotSupported(child(sp, "type"), type, HOST_PATH_TYPES));
      }
      return;
    }
    case "emptyDir": {
      const medium = c.str(src, "medium", sp);
      if (medium && medium !== "Memory" && !medium.startsWith("HugePages")) {
        c.add(fieldNotSupported(child(sp, "medium"), medium, ["", "Memory"]));
      }
      const size = c.intOrString(src, "sizeLimit", sp);
      if (size !== undefined) {
        let bytes = NaN;
        try {
          bytes = parseQuantity(String(size));
        } catch { /* reported below */ }
        if (!(bytes >= 0)) {
          c.add(fieldInvalid(child(sp, "sizeLimit"), size, "must be a non-negative quantity"));
        }
      }
      return;
    }
    case "secret":
      checkNamed(c, src, "secretName", sp, true);
      checkMode(c, src, "defaultMode", sp);
      return checkKeyItems(c, src, sp);
    case "configMap":
      checkNamed(c, src, "name", sp, true);
      checkMode(c, src, "defaultMode", sp);
      return checkKeyItems(c, src, sp);
    case "downwardAPI":
      checkMode(c, src, "defaultMode", sp);
      return checkDownwardItems(c, src, sp);
    case "projected":
      return checkProjected(c, src, sp);
  }
}

/** Validates `spec.volumes` at `path`; returns the volume names for the mounts' check. */
export function validateVolumes(c: Checker, volumes: JsonRecord[], path: string): Set<string> {
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const p = index(path, i);
    const name = c.str(v, "name", p);
    if (!name) c.add(fieldRequired(child(p, "name")));
    else {
      for (const msg of isDNS1123Label(name)) c.add(fieldInvalid(child(p, "name"), name, msg));
      if (names.has(name)) c.add(fieldDuplicate(child(p, "name"), name));
      names.add(name);
    }
    const sources = VOLUME_SOURCES.filter((k) => v[k] !== undefined && v[k] !== null);
    if (sources.length === 0) c.add(fieldRequired(p, "must specify a volume type"));
    else if (sources.length > 1) {
      c.add(fieldInvalid(child(p, sources[1]), "", "may not specify more than 1 volume type"));
    }
    for (const kind of sources) checkSource(c, v, kind, p);
  });
  return names;
}

/** Checks one volumeMount's `mountPath` (absolute) and `subPath` (relative, no `..`). */
export function validateMountPaths(c: Checker, m: JsonRecord, path: string): void {
  const mountPath = typeof m.mountPath === "string" ? m.mountPath : "";
  if (mountPath && !mountPath.startsWith("/")) {
    c.add(fieldInvalid(child(path, "mountPath"), mountPath, "must be an absolute path"));
  }
  const subPath = c.str(m, "subPath", path);
  if (subPath) {
    for (const msg of localDescendingPathErrors(subPath)) {
      c.add(fieldInvalid(child(path, "subPath"), subPath, msg));
    }
  }
}
