import type { UserViewer } from '@miw/auth';
import { audienceOf, visiblePayload, visibleTo } from './audience';

const as = (role: UserViewer['role'], organizationId: string | null = 'org-1'): UserViewer => ({ kind: 'user', userId: 'u', role, organizationId, region: 'eu', scopes: [] });

describe('event audience', () => {
  it('drops missing ids and duplicates', () => {
    expect(audienceOf('b', null, 'a', undefined, 'b')).toEqual({ organizationIds: ['a', 'b'] });
  });

  it('shows everything to admins and the rest to the organizations named', () => {
    const audience = audienceOf('org-1', 'org-2');
    expect(visibleTo(as('ADMIN', null), audienceOf())).toBe(true);
    expect(visibleTo(as('PARTNER', 'org-1'), audience)).toBe(true);
    expect(visibleTo(as('LOGISTICS', 'org-2'), audience)).toBe(true);
    expect(visibleTo(as('MANUFACTURER', 'org-3'), audience)).toBe(false);
    expect(visibleTo(as('CUSTOMER', null), audience)).toBe(false);
    expect(visibleTo(null, audience)).toBe(false);
  });

  it('hands an event payload without its audience to those who may see it', () => {
    const payload = { id: 'level-1', onHand: 3, audience: audienceOf('org-1') };
    expect(visiblePayload(as('PARTNER', 'org-1'), payload)).toEqual({ id: 'level-1', onHand: 3 });
    expect(visiblePayload(as('ADMIN', null), payload)).toEqual({ id: 'level-1', onHand: 3 });
    expect(visiblePayload(as('PARTNER', 'org-2'), payload)).toBeUndefined();
  });
});
