/**
 * `POST /webhooks/payments/:provider`: where PSPs (through the gateway) and the test-card
 * simulator confirm payments. The body is read raw (signatures cover the exact bytes), verified by
 * the provider, and handed to `onEvent` as a provider-neutral event. The status codes tell the
 * sender what to do: 2xx done; 401 not authentic; 500 try again later (the event was not
 * processed). `onEvent` must be idempotent: providers deliver at least once.
 *
 * Bodies and signatures are never logged (they identify payments and could be replayed).
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '@miw/logging';
import { WebhookPayloadError, WebhookSignatureError, type PaymentProvider, type PaymentProviderCode, type PaymentWebhookEvent } from './provider';

const BODY_LIMIT = '256kb';

interface PaymentWebhookOptions {
  providers: { get(code: string): PaymentProvider | undefined };
  /** Applies a verified event (AUTHORIZED, DECLINED, CAPTURED, REFUNDED; IGNORED events are answered without it). Throw to have it delivered again. */
  onEvent(code: PaymentProviderCode, event: PaymentWebhookEvent): Promise<void>;
  logger: Logger;
}

/** Answers 404 for a provider that is unknown or not enabled, before any body is read. */
function knownProvider(providers: PaymentWebhookOptions['providers']) {
  return (req: Request<{ provider: string }>, res: Response, next: NextFunction) => {
    if (providers.get(req.params.provider)) return next();
    res.status(404).json({ error: 'unknown payment provider' });
  };
}

/** The verified event, or undefined once the refusal has been answered. */
function verifiedEvent(provider: PaymentProvider, req: Request, res: Response, logger: Logger): PaymentWebhookEvent | undefined {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  try {
    return provider.parseWebhook(raw, req.headers);
  } catch (error) {
    if (error instanceof WebhookSignatureError) {
      logger.warn({ provider: provider.code, reason: error.message }, 'payment webhook refused: signature');
      res.status(401).json({ error: 'invalid signature' });
    } else if (error instanceof WebhookPayloadError) {
      logger.warn({ provider: provider.code, reason: error.message }, 'payment webhook refused: unreadable event');
      res.status(400).json({ error: 'unreadable event' });
    } else {
      logger.error({ provider: provider.code, err: error }, 'payment webhook could not be read');
      res.status(500).json({ error: 'event not processed' });
    }
    return undefined;
  }
}

/** Mounts the webhook route on `app` (before any JSON body parser sees the path). */
export function mountPaymentWebhooks(app: Express, { providers, onEvent, logger }: PaymentWebhookOptions): void {
  const log = logger.child({ component: 'payment-webhooks' });
  const router = express.Router();
  router.post('/:provider', knownProvider(providers), express.raw({ type: '*/*', limit: BODY_LIMIT }), async (req: Request<{ provider: string }>, res: Response) => {
    const provider = providers.get(req.params.provider)!;
    const event = verifiedEvent(provider, req, res, log);
    if (!event) return;
    const fields = { provider: provider.code, eventId: event.eventId, providerRef: event.providerRef, kind: event.kind };
    if (event.kind !== 'IGNORED') {
      try {
        await onEvent(provider.code, event);
      } catch (error) {
        log.error({ ...fields, err: error }, 'payment webhook not processed; the provider will deliver it again');
        res.status(500).json({ error: 'event not processed' });
        return;
      }
    }
    log.info(fields, 'payment webhook received');
    res.json({ received: true });
  });
  // Body parser refusals (too large, bad encoding) answered here, in the route's own words.
  router.use((error: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error.type === 'entity.too.large') return void res.status(413).json({ error: 'body too large' });
    if (error.status && error.status >= 400 && error.status < 500) return void res.status(error.status).json({ error: 'bad request' });
    log.error({ err: error }, 'payment webhook failed');
    res.status(500).json({ error: 'event not processed' });
  });
  app.use('/webhooks/payments', router);
}
