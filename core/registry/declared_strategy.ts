/** Turns a kind declaration's behaviour (core/api/groups) into the registry's Strategy. */
import type { KindDeclaration } from "../api/groups/kind_declaration.ts";
import type { Strategy } from "./strategy.ts";

/** The Strategy of a declared kind: its hooks, with no-ops where it declares none. */
export function declaredStrategy(decl: KindDeclaration): Strategy {
  const b = decl.behaviour ?? {};
  const strategy: Strategy = {
    prepareForCreate: (obj) => b.prepareForCreate?.(obj),
    prepareForUpdate: (obj, old) => b.prepareForUpdate?.(obj, old),
  };
  if (b.defaults) strategy.defaults = b.defaults;
  if (b.validate) strategy.validate = b.validate;
  return strategy;
}
