/** Storage backends behind one Store contract. */
export * from "./store.ts";
