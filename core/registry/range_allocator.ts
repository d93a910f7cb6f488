/**
 * Allocates integers from a closed range, remembering which are in use. Underlies the
 * ClusterIP allocator (host numbers of --portal-net) and the NodePort allocator.
 */

/** Outcome of asking for one specific value. */
export type ClaimResult = "ok" | "taken" | "outOfRange";

/** A set of used integers in [min, max] with next-fit allocation. */
export class RangeAllocator {
  #used = new Set<number>();
  #next: number;

  /** An allocator over [min, max] (both included). */
  constructor(readonly min: number, readonly max: number) {
    if (!(Number.isInteger(min) && Number.isInteger(max) && min <= max)) {
      throw new RangeError(`invalid range ${min}-${max}: the first value must not exceed the last`);
    }
    this.#next = min;
  }

  /** How many values the range holds. */
  get size(): number {
    return this.max - this.min + 1;
  }

  /** How many values are in use. */
  get used(): number {
    return this.#used.size;
  }

  /** True when `n` is in use. */
  has(n: number): boolean {
    return this.#used.has(n);
  }

  /** True when `n` lies inside the range. */
  contains(n: number): boolean {
    return Number.isInteger(n) && n >= this.min && n <= this.max;
  }

  /** Takes the next free value, or returns undefined when the range is full. */
  allocate(): number | undefined {
    if (this.#used.size >= this.size) return undefined;
    for (let i = 0; i < this.size; i++) {
      const n = this.#next;
      this.#next = n >= this.max ? this.min : n + 1;
      if (!this.#used.has(n)) {
        this.#used.add(n);
        return n;
      }
    }
    return undefined;
  }

  /** Takes `n` if it is inside the range and free. */
  claim(n: number): ClaimResult {
    if (!this.contains(n)) return "outOfRange";
    if (this.#used.has(n)) return "taken";
    this.#used.add(n);
    return "ok";
  }

  /** Marks `n` used without checks (rebuilding state from stored objects). */
  markUsed(n: number): void {
    if (this.contains(n)) this.#used.add(n);
  }

  /** Gives `n` back (no-op when it was free). */
  release(n: number): void {
    this.#used.delete(n);
  }
}
