/** A debouncer with an injectable timer, so tests drive it without waiting. */
export interface Timer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimer: Timer = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function debounce(
  fn: () => void,
  ms: number,
  timer: Timer = realTimer,
): { (): void; flush(): void; cancel(): void } {
  let handle: unknown = null;
  const run = () => {
    handle = null;
    fn();
  };
  const d = () => {
    if (handle !== null) timer.clear(handle);
    handle = timer.set(run, ms);
  };
  d.flush = () => {
    if (handle !== null) {
      timer.clear(handle);
      run();
    }
  };
  d.cancel = () => {
    if (handle !== null) timer.clear(handle);
    handle = null;
  };
  return d;
}

/** Serialise async work: a call made while one runs waits for it (no overlapping passes). */
export function serial(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const next = tail.then(task, task);
    tail = next.catch(() => undefined);
    return next;
  };
}
