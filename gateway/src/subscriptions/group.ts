/**
 * A group: every subscriber of one (operation, variables, viewer). It holds the one upstream
 * subscription of its subscribers, resolves each event once and delivers the result to every
 * subscriber's stream, in upstream order.
 */
import type { FetchNode } from '@apollo/query-planner';
import type { ExecutionResult } from 'graphql';
import type { Sink, SubscribePayload } from 'graphql-ws';
import { INTERNAL_HEADER } from '@miw/auth';
import type { Logger } from '@miw/logging';
import { asGraphQLErrors, eventFailed, upstreamFailure } from './errors';
import { SubscriberStream } from './stream';

interface GroupStats {
  subscribers: number;
  upstreamEvents: number;
  deliveries: number;
}

export interface GroupDeps {
  /** Opens the upstream subscription on `serviceName`; returns its unsubscribe. */
  subscribeUpstream(serviceName: string, payload: SubscribePayload, sink: Sink): () => void;
  /** The subscriber's signed internal token, forwarded in the subscribe message's extensions. */
  internalToken(): Promise<string>;
  /** Resolves one event (with data) into the subscribers' result. */
  resolve(event: ExecutionResult): Promise<ExecutionResult>;
  /** The group stopped taking subscribers (new ones get a fresh group). */
  onClosed(): void;
  stats: GroupStats;
  logger: Logger;
  /** Results waiting for one subscriber before its stream fails. */
  maxQueue: number;
  /** Told how long each event took from its arrival to its delivery (seconds). */
  observeDelivery?(seconds: number): void;
}

/** The subscribe message of the primary fetch: only the variables it uses, and the subscriber's token. */
export const upstreamPayload = (primary: FetchNode, variables: Record<string, unknown>, internalToken: string): SubscribePayload => {
  const used = new Set(primary.variableUsages ?? []);
  return {
    query: primary.operation,
    ...(primary.operationName ? { operationName: primary.operationName } : {}),
    variables: Object.fromEntries(Object.entries(variables).filter(([k]) => used.has(k))),
    extensions: { [INTERNAL_HEADER]: internalToken },
  };
};

export class Group {
  private readonly subscribers = new Set<SubscriberStream>();
  /** Keeps delivery in upstream order while plan executions overlap. */
  private tail: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private closed = false;

  constructor(
    readonly key: string,
    private readonly primary: FetchNode,
    private readonly variables: Record<string, unknown>,
    private readonly deps: GroupDeps,
  ) {}

  /** Opens the upstream subscription (once the subscriber's token is signed). */
  start(): void {
    void this.deps.internalToken().then(
      (internalToken) => {
        if (this.closed) return;
        this.unsubscribe = this.deps.subscribeUpstream(this.primary.serviceName, upstreamPayload(this.primary, this.variables, internalToken), {
          next: (event) => this.onEvent(event as ExecutionResult),
          error: (error) => this.finish({ errors: upstreamFailure(error, this.primary.serviceName) }),
          complete: () => this.finish(),
        });
      },
      (error: unknown) => this.finish({ errors: upstreamFailure(error, this.primary.serviceName) }),
    );
  }

  private onEvent(event: ExecutionResult): void {
    const arrived = performance.now();
    this.deps.stats.upstreamEvents++;
    const resolved: Promise<ExecutionResult> =
      event.data == null
        ? // A refusal at subscribe time (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT): pass it on.
          Promise.resolve({ errors: asGraphQLErrors(event.errors ?? [{ message: 'Empty event from the subgraph' }], this.primary.serviceName) })
        : this.deps.resolve(event).catch((error: unknown) => ({ errors: [eventFailed(error)] }));
    this.tail = this.tail
      .then(() => resolved)
      .then((result) => {
        for (const s of this.subscribers) s.push(result);
        this.deps.stats.deliveries += this.subscribers.size;
        this.deps.observeDelivery?.((performance.now() - arrived) / 1000);
      })
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'subscription delivery failed'));
  }

  /** A new subscriber's stream; `onOverflow` is called at once when its queue overflows. */
  add(onOverflow?: () => void): SubscriberStream {
    const stream = new SubscriberStream(this.deps.maxQueue, () => this.removeSubscriber(stream), onOverflow);
    this.subscribers.add(stream);
    this.deps.stats.subscribers++;
    return stream;
  }

  private removeSubscriber(stream: SubscriberStream): void {
    if (!this.subscribers.delete(stream)) return;
    this.deps.stats.subscribers--;
    if (this.subscribers.size === 0 && !this.closed) {
      this.closed = true;
      this.deps.onClosed();
      this.unsubscribe?.();
    }
  }

  /** Upstream ended (or the gateway closes): deliver what is in flight, then end every stream. */
  finish(last?: ExecutionResult): void {
    if (this.closed) return;
    this.closed = true;
    this.deps.onClosed(); // new subscribers get a fresh upstream subscription
    this.unsubscribe?.();
    this.tail = this.tail.then(() => {
      for (const s of [...this.subscribers]) {
        if (last) s.push(last);
        s.end();
      }
    });
  }

  /** Resolves once every result in flight was delivered. */
  drained(): Promise<void> {
    return this.tail;
  }
}
