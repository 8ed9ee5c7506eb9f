export * from './errors';
export * from './server';
export * from './lifecycle';
export * from './domain';
export * from './pagination';
export * from './scalars';
export * from './loaders';
export * from './subscriptions';
