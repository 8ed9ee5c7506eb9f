import { DomainServiceEnv, loadEnv } from '@miw/config';
import { createLogger } from '@miw/logging';
import { exitOnStartupError, onShutdown, startDomainSubgraph } from '@miw/service-kit';
import { createApp } from './app';

const env = loadEnv('catalog', DomainServiceEnv);
const logger = createLogger({ service: 'catalog', region: env.REGION, level: env.LOG_LEVEL });

startDomainSubgraph({ domain: 'catalog', env, logger, createApp })
  .then((running) => onShutdown(logger, [() => running.close()]))
  .catch(exitOnStartupError(logger, 'catalog'));
