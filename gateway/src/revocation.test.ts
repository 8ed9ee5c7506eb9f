import type { UserViewer } from '@miw/auth';
import { createRevocationList, issuedAtOf } from './revocation';

const userId = '0b6f1f9e-7a53-4c1e-9d84-3f2a4c1b2e01';
const org = '5d0e3c8a-1b2f-4e6d-8a9c-7b1e2d3f4a05';
const viewer: UserViewer = { kind: 'user', userId, role: 'PARTNER', organizationId: org, region: 'eu', scopes: [] };
const at = (iso: string) => Date.parse(iso);
const snapshot = (changes: Record<string, unknown>) =>
  ({ id: userId, email: 'a@b.dev', name: 'A', role: 'PARTNER', organizationId: org, homeRegion: 'eu', originRegion: 'eu', createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T12:00:00.000Z', deletedAt: null, ...changes }) as never;

describe('the gateway revocation list', () => {
  it('revokes every credential of a deactivated organization or user, newest snapshot first', () => {
    let clock = at('2026-12-01T12:00:00Z');
    const list = createRevocationList({ now: () => clock });
    const changes: number[] = [];
    list.onChange(() => changes.push(clock));
    expect(list.reasonRevoked({ viewer, issuedAt: clock / 1000 })).toBeNull();
    list.applyOrganization({ id: org, name: 'X', kind: 'PARTNER', originRegion: 'eu', createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T12:00:00.000Z', deletedAt: '2026-12-01T12:00:00.000Z' });
    expect(list.reasonRevoked({ viewer })).toMatch(/organization/);
    expect(list.reasonRevoked({ viewer: { ...viewer, organizationId: null } })).toBeNull();

    list.applyUser(snapshot({ deletedAt: '2026-12-01T12:00:00.000Z' }));
    list.applyUser(snapshot({ updatedAt: '2026-12-01T11:00:00.000Z' })); // older: ignored
    expect(list.reasonRevoked({ viewer: { ...viewer, organizationId: null } })).toMatch(/account/);
    expect(changes).toHaveLength(2);

    // After a token lifetime the entries are dropped: no token of before can still be alive.
    clock += 17 * 60_000;
    list.applyUser(snapshot({ id: '11111111-1111-4111-8111-111111111111', updatedAt: '2026-12-01T12:17:00.000Z' }));
    expect(list.reasonRevoked({ viewer })).toBeNull();
  });

  it('revokes tokens issued before a change of role or organization, not those issued after', () => {
    const list = createRevocationList({ now: () => at('2026-12-01T12:00:00Z') });
    list.applyUser(snapshot({ role: 'CUSTOMER', organizationId: null, updatedAt: '2026-12-01T12:00:00.000Z' }));
    expect(list.reasonRevoked({ viewer, issuedAt: at('2026-12-01T11:59:00Z') / 1000 })).toMatch(/rights/);
    expect(list.reasonRevoked({ viewer: { ...viewer, role: 'CUSTOMER', organizationId: null }, issuedAt: at('2026-12-01T12:01:00Z') / 1000 })).toBeNull();
  });

  it('reads iat from bearer tokens only', () => {
    const token = `Bearer x.${Buffer.from(JSON.stringify({ iat: 1234 })).toString('base64url')}.y`;
    expect(issuedAtOf(token)).toBe(1234);
    expect(issuedAtOf('ApiKey miw_x')).toBeUndefined();
    expect(issuedAtOf(undefined)).toBeUndefined();
  });
});
