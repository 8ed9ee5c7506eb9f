import { checkEmail, checkName, checkRoleOrganization } from './users';

describe('user rules', () => {
  it('matches roles with organizations of their kind', () => {
    expect(checkRoleOrganization('PARTNER', { kind: 'PARTNER' }, true)).toEqual([]);
    expect(checkRoleOrganization('ADMIN', null, false)).toEqual([]);
    expect(checkRoleOrganization('CUSTOMER', { kind: 'PARTNER' }, true)[0]?.code).toBe('INVALID');
    expect(checkRoleOrganization('PARTNER', null, false)[0]?.message).toContain('needs an organization of kind PARTNER');
    expect(checkRoleOrganization('PARTNER', null, true)[0]?.code).toBe('NOT_FOUND');
    expect(checkRoleOrganization('LOGISTICS', { kind: 'MANUFACTURER' }, true)[0]?.code).toBe('INVALID');
  });

  it('checks names and emails', () => {
    expect(checkName(' Ada ', 'input.name')).toEqual([]);
    expect(checkName('', 'input.name')[0]?.field).toBe('input.name');
    expect(checkName('a\u0007b', 'input.name')[0]?.code).toBe('INVALID');
    expect(checkEmail(' Ada@X.dev ').email).toBe('ada@x.dev');
    expect(checkEmail('nope').errors[0]?.field).toBe('input.email');
  });
});
