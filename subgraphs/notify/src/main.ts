import { runDomainService } from '@miw/service-kit';
import { createApp } from './app';

runDomainService('notify', createApp);
