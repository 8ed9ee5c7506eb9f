/** One subscriber's results: a bounded queue, so a subscriber that falls behind fails instead of growing memory. */
import type { ExecutionResult } from 'graphql';
import { Queue } from '@miw/events';

/** A subscriber's stream ended because it fell behind (the edge closes the socket). */
export class SubscriberOverflowError extends Error {
  override name = 'SubscriberOverflowError';
}

/** At most `max` results wait; one more fails the stream with SubscriberOverflowError (after calling `onOverflow`). */
export class SubscriberStream extends Queue<ExecutionResult> {
  constructor(max: number, onEnd: () => void, onOverflow?: () => void) {
    super(max, onEnd, () => (onOverflow?.(), new SubscriberOverflowError(`more than ${max} results waiting`)));
  }
}
