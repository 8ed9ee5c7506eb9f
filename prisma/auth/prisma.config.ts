import { domainConfig } from '../config';

export default domainConfig('auth');
