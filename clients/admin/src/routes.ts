/** Every section of the panel, from each area's list. */
import { coreSections } from './core/sections';
import { supplySections } from './supply/sections';
import type { Section } from './sections';

// A role's home is the first menu entry it sees: the everyday work (dashboard, catalog, supply)
// comes before integrations and the notifications page.
const LAST = new Set(['integrations', 'notifications']);
export const sections: readonly Section[] = [...coreSections.filter((s) => !LAST.has(s.path)), ...supplySections, ...coreSections.filter((s) => LAST.has(s.path))];
