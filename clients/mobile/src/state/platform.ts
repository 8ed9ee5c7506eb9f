/**
 * What differs between the web and phones: where the config comes from (the web reads
 * `/config.json` beside the app; a phone build carries it in app.json `extra`) and the storage
 * (AsyncStorage: localStorage on the web, the device's store on phones).
 */
import AsyncStorage from '@react-native-async-storage/async-storage';
import type { ClientConfig, KeyValueStorage } from '@miw/client-shared';
import { Platform } from 'react-native';
import app from '../../app.json';

export const storage: KeyValueStorage = AsyncStorage;

const extra = app.expo.extra;

/** `undefined` on the web: the provider loads `/config.json`. */
export const nativeConfig: ClientConfig | undefined =
  Platform.OS === 'web' ? undefined : { endpoints: { eu: extra.endpoints.eu, cn: extra.endpoints.cn }, defaultRegion: extra.defaultRegion === 'cn' ? 'cn' : 'eu' };

/** A fresh unique key (checkout idempotency): crypto.randomUUID where the platform has it. */
export function uniqueKey(): string {
  const c = globalThis.crypto as { randomUUID?: () => string } | undefined;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
