/** @miw/client-shared: what every MadeInWorld client uses (React bindings in `@miw/client-shared/react`). */
export { createRegionClient, refreshOverHttp, type RegionClient, type CreateRegionClientOptions } from './apollo';
export { DEVELOPMENT_CONFIG, REGIONS, isRegion, loadClientConfig, parseClientConfig, webSocketUrl, type ClientConfig, type RegionCode } from './config';
export { errorCodes, errorKeys, type PayloadError } from './errors';
export { LOCALES, catalogProblems, createI18n, formatDate, formatDateTime, formatMoney, isLocale, pickLocale, type Locale } from './i18n';
export { persistApolloCache, type PersistOptions } from './persist';
export { SessionStore, type RefreshCall, type Role, type Session, type SessionUser } from './session';
export { memoryStorage, webStorage, type KeyValueStorage } from './storage';
export * as operations from './operations';
