/**
 * A single-consumer async queue: producers push values, end it, or fail it with an error; the
 * consumer iterates with `for await`. Used for the event streams of the Mesos clients.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #waiters: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }[] = [];
  #ended = false;
  #error: unknown = undefined;
  #failed = false;

  /** Appends a value (ignored once the queue has ended or failed). */
  push(value: T): void {
    if (this.#ended || this.#failed) return;
    const w = this.#waiters.shift();
    if (w) w.resolve({ value, done: false });
    else this.#items.push(value);
  }

  /** Ends the queue: the consumer receives the buffered values, then the end. */
  end(): void {
    if (this.#ended || this.#failed) return;
    this.#ended = true;
    for (const w of this.#waiters.splice(0)) w.resolve({ value: undefined, done: true });
  }

  /** Fails the queue: the consumer receives the buffered values, then `error` is thrown. */
  fail(error: unknown): void {
    if (this.#ended || this.#failed) return;
    this.#failed = true;
    this.#error = error;
    for (const w of this.#waiters.splice(0)) w.reject(error);
  }

  /** True once ended or failed. */
  get closed(): boolean {
    return this.#ended || this.#failed;
  }

  /** Number of buffered values not yet consumed. */
  get size(): number {
    return this.#items.length;
  }

  /** Waits for the next value; resolves `done` at the end, rejects after `fail`. */
  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) {
      return Promise.resolve({ value: this.#items.shift() as T, done: false });
    }
    if (this.#failed) return Promise.reject(this.#error);
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.next(),
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
