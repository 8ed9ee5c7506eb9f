/**
 * The panel's sections: each area (admin, manufacturer, logistics, partner) lists its own in its
 * folder; the shell builds the menu and the routes from them, by role. A section of another role
 * answers the not-allowed page, never its data.
 */
import type { ComponentType, LazyExoticComponent } from 'react';
import type { Role } from '@miw/client-shared';

export interface Section {
  /** Route path under the app root, e.g. `catalog/products` (may contain params: `stores/:storeId`). */
  path: string;
  /** i18n key of the menu label and page title. */
  label: string;
  /** Roles that see it. */
  roles: readonly Role[];
  /** Lazily loaded page (keeps the login page light). */
  page: LazyExoticComponent<ComponentType>;
  /** Menu icon (a MUI icon component); sections without `menu: false` appear in the menu. */
  icon?: ComponentType;
  menu?: boolean;
}
