import { domainConfig } from '../config';

export default domainConfig('notify');
