/** A set of listeners notified in registration order; a listener may unsubscribe while called. */
export interface ListenerSet<A extends unknown[]> {
  add(listener: (...args: A) => void): () => void;
  notify(...args: A): void;
}

/**
 * With `label`, a listener that throws is logged (`${label} failed`) and the others still run;
 * without, the error propagates (React's store listeners).
 */
export function createListenerSet<A extends unknown[]>(label?: string): ListenerSet<A> {
  const listeners = new Set<(...args: A) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    notify(...args) {
      for (const listener of [...listeners]) {
        if (label === undefined) {
          listener(...args);
          continue;
        }
        try {
          listener(...args);
        } catch (err) {
          console.error(`${label} failed`, err);
        }
      }
    },
  };
}
