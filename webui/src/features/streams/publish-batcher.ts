/**
 * Batches a store's changes into one publish per animation frame, so thousands of chunks per
 * second cost one render per frame.
 */

/** Runs `flush` once, soon: the next animation frame, or after 250 ms in a background tab. */
export function animationFrameSchedule(flush: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') {
    requestAnimationFrame(run);
    // rAF pauses in background tabs; keep the page roughly current anyway.
    setTimeout(run, 250);
  } else {
    setTimeout(run, 0);
  }
}

export interface PublishBatcher {
  /** Something changed: schedules a publish unless one is already scheduled. */
  markDirty(): void;
  /** Publishes now when something changed (also what the scheduled callback does). */
  flush(): void;
}

export function createPublishBatcher(
  publish: () => void,
  schedule: (flush: () => void) => void = animationFrameSchedule,
): PublishBatcher {
  let dirty = false;
  let scheduled = false;
  function flush(): void {
    scheduled = false;
    if (!dirty) return;
    dirty = false;
    publish();
  }
  return {
    markDirty() {
      dirty = true;
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
  };
}
