export * from './infra';
export * from './helpers';
export * from './events';
