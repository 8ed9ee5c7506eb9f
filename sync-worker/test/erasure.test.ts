/**
 * Accounts across regions: a shopper registered in CN gets language and phone mirrored to EU, and
 * erasing the account in CN anonymises the EU mirror too (through the same snapshots and workers).
 */
import type { UserViewer } from '@miw/auth';
import { graphql, internalHeaders, sentLoginCodes, waitFor } from '@miw/testing';
import { startTwoRegions, type TwoRegions } from './harness';

describe('account changes and erasure in both regions', () => {
  let regions: TwoRegions;

  beforeAll(async () => {
    regions = await startTwoRegions('erase');
    await regions.startWorker('cn', 'eu');
    await regions.startWorker('eu', 'cn');
  });
  afterAll(async () => {
    await regions?.close();
  });

  const row = async (code: 'eu' | 'cn', id: string) =>
    (await regions.region(code).pool.query(`SELECT email, name, phone, locale, deleted_at FROM auth."user" WHERE id = $1`, [id])).rows[0] as
      | { email: string; name: string; phone: string | null; locale: string | null; deleted_at: Date | null }
      | undefined;

  it('mirrors locale and phone, and erases the person in both regions', async () => {
    const cnAuth = regions.cn.auth.url;
    const registered = await graphql(cnAuth, `mutation { register(input: { email: "li.wei@mail.cn", name: "Li Wei", locale: "zh-CN" }) { errors { code } } }`);
    expect(registered.data).toEqual({ register: { errors: [] } });
    expect((await sentLoginCodes(regions.cn.pool)).map((c) => c.email)).toContain('li.wei@mail.cn');
    const id = (await regions.cn.pool.query(`SELECT id FROM auth."user" WHERE email = 'li.wei@mail.cn'`)).rows[0].id as string;
    const me: UserViewer = { kind: 'user', userId: id, role: 'CUSTOMER', organizationId: null, region: 'cn', scopes: [] };

    const updated = await graphql(cnAuth, `mutation { updateMe(input: { phone: "+86 138 0013 8000" }) { user { phone } errors { code } } }`, undefined, await internalHeaders(me));
    expect(updated.data).toEqual({ updateMe: { user: { phone: '+8613800138000' }, errors: [] } });
    await waitFor(async () => (await row('eu', id))?.phone === '+8613800138000', { what: 'phone mirrored to EU', timeoutMs: 30_000 });
    expect(await row('eu', id)).toMatchObject({ email: 'li.wei@mail.cn', name: 'Li Wei', locale: 'zh-CN' });

    const erased = await graphql(cnAuth, `mutation { deleteMe { erasedUserId errors { code } } }`, undefined, await internalHeaders(me));
    expect(erased.data).toEqual({ deleteMe: { erasedUserId: id, errors: [] } });
    const anonymised = { email: `erased+${id}@invalid`, name: 'Deleted user', phone: null };
    expect(await row('cn', id)).toMatchObject(anonymised);
    const mirrored = await waitFor(async () => {
      const r = await row('eu', id);
      return r?.deleted_at ? r : undefined;
    }, { what: 'erasure mirrored to EU', timeoutMs: 30_000 });
    expect(mirrored).toMatchObject(anonymised);
    // Signing in with the old address finds nobody in either region.
    for (const url of [regions.eu.auth.url, cnAuth]) await graphql(url, `mutation { requestLoginCode(input: { email: "li.wei@mail.cn" }) { expiresInSeconds } }`);
    const { rows } = await regions.eu.pool.query(`SELECT count(*)::int AS n FROM auth.outbox WHERE type = 'auth.login_code.issued' AND envelope::text LIKE '%li.wei%'`);
    expect(rows[0].n).toBe(0);
  });
});
