/** Every text of the panel, per locale: the frame's and each area's (merged over the shared ones). */
import type { Locale } from '@miw/client-shared';
import { coreMessages } from './core/messages';
import { supplyMessages } from './supply/messages';
import { shellMessages } from './shell/messages';

const parts = [shellMessages, coreMessages, supplyMessages];
export const messages = Object.fromEntries((['en', 'zh-CN'] as const).map((l) => [l, Object.assign({}, ...parts.map((p) => p[l]))])) as Record<Locale, Record<string, unknown>>;
