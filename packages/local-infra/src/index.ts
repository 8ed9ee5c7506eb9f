export * from './embedded-postgres';
export * from './kafka';
export * from './mail-sink';
