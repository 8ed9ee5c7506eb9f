/**
 * Sharing: subscribers with the same operation, coerced variables and viewer (the claims forwarded
 * upstream) share one upstream subscription and one plan execution per event.
 */
import { print, type DocumentNode } from 'graphql';
import type { Viewer } from '@miw/auth';

/** JSON with object keys sorted and undefined members dropped: equal values, equal text. */
export const stable = (v: unknown): string =>
  v === null || typeof v !== 'object'
    ? (JSON.stringify(v) ?? 'null')
    : Array.isArray(v)
      ? `[${v.map(stable).join(',')}]`
      : `{${Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
          .join(',')}}`;

export interface ShareableSubscription {
  /** The primary fetch sent upstream. */
  upstreamOperation: string;
  document: DocumentNode;
  operationName: string | null | undefined;
  /** Coerced variables. */
  variables: Record<string, unknown>;
  viewer: Viewer;
}

/** The key of the group a subscription joins. It includes exactly what is forwarded upstream (the viewer), so sharing never widens access. */
export const groupKey = ({ upstreamOperation, document, operationName, variables, viewer }: ShareableSubscription): string =>
  `${upstreamOperation}\u0000${print(document)}\u0000${operationName ?? ''}\u0000${stable(variables)}\u0000${stable(viewer)}`;
