import type { UserViewer } from '@miw/auth';
import { mayReadProductStock, mayReadStoreStock } from './access';

const as = (role: UserViewer['role'], organizationId: string | null = 'org-1'): UserViewer => ({ kind: 'user', userId: 'u', role, organizationId, region: 'eu', scopes: [] });

describe('stock visibility', () => {
  it('lets admins see everything and owners their own', () => {
    expect(mayReadStoreStock(as('ADMIN', null), 'org-9')).toBe(true);
    expect(mayReadStoreStock(as('PARTNER'), 'org-1')).toBe(true);
    expect(mayReadProductStock(as('MANUFACTURER'), 'org-1')).toBe(true);
  });

  it('refuses other organizations, other roles and anonymous callers', () => {
    expect(mayReadStoreStock(as('PARTNER'), 'org-2')).toBe(false);
    expect(mayReadStoreStock(as('PARTNER', null), null)).toBe(false);
    expect(mayReadStoreStock(as('MANUFACTURER'), 'org-1')).toBe(false);
    expect(mayReadProductStock(as('PARTNER'), 'org-1')).toBe(false);
    expect(mayReadProductStock(as('MANUFACTURER'), 'org-2')).toBe(false);
    for (const role of ['LOGISTICS', 'CUSTOMER'] as const) expect(mayReadStoreStock(as(role), 'org-1')).toBe(false);
    expect(mayReadStoreStock(null, 'org-1')).toBe(false);
    expect(mayReadProductStock(null, 'org-1')).toBe(false);
  });
});
