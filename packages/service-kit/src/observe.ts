/**
 * Metrics and traces of one GraphQL service's requests: an express middleware (HTTP RED and the
 * request's server span, continuing the caller's `traceparent`) and an Apollo plugin (operation
 * RED, error codes, the span named after the operation). Used by subgraphs and gateways alike.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { describeActiveSpan, statusClass, withSpan, type Carrier, type ServiceMetrics } from '@miw/observability';

const ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);

/** HTTP requests by route and status class, and a server span per request (when tracing is on). */
export function observeRequests(metrics: ServiceMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const route = ROUTES.has(req.path) ? req.path : 'other';
    const stop = metrics.httpDuration.startTimer({ route });
    void withSpan(`${req.method} ${route}`, { kind: 'server', parent: req.headers as Carrier, attributes: { 'http.request.method': req.method, 'url.path': route } }, (span) =>
      new Promise<void>((done) => {
        res.once('close', () => {
          stop();
          metrics.httpRequests.inc({ route, status_class: statusClass(res.statusCode) });
          span.setAttribute('http.response.status_code', res.statusCode);
          done();
        });
        next();
      }),
    );
  };
}

/** GraphQL operations by name, type and outcome; errors by code. */
export function operationMetricsPlugin<Ctx extends BaseContext>(metrics: ServiceMetrics, knownCodes: ReadonlySet<string>): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          describeActiveSpan(`${operation.operation} ${metrics.operationLabel.of(operationName ?? operation.name?.value)}`, { 'graphql.operation.type': operation.operation });
        },
        async willSendResponse({ operation, operationName, response, errors }) {
          const type = operation?.operation ?? 'invalid';
          const name = metrics.operationLabel.of(operationName ?? operation?.name?.value);
          const answered = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const all = answered.length > 0 ? answered : (errors ?? []);
          metrics.operations.inc({ operation: name, type, outcome: all.length > 0 ? 'error' : 'ok' });
          metrics.operationDuration.observe({ operation: name, type }, (performance.now() - started) / 1000);
          for (const error of all) {
            const code = String((error.extensions as { code?: unknown } | undefined)?.code ?? 'INTERNAL_SERVER_ERROR');
            metrics.errors.inc({ code: knownCodes.has(code) ? code : 'OTHER' });
          }
        },
      };
    },
  };
}
