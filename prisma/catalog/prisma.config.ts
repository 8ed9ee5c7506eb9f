import { domainConfig } from '../config';

export default domainConfig('catalog');
