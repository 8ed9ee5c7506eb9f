export * from './viewer';
export * from './keys';
export * from './tokens';
export * from './rules';
export * from './seal';
