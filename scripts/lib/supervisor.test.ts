import { serviceNodeFlags } from './supervisor';

describe('serviceNodeFlags', () => {
  it('bounds every service heap at 256 MB unless SERVICE_MAX_HEAP_MB says otherwise', () => {
    expect(serviceNodeFlags({})).toEqual(['--max-old-space-size=256']);
    expect(serviceNodeFlags({ SERVICE_MAX_HEAP_MB: '512' })).toEqual(['--max-old-space-size=512']);
  });

  it('refuses a value that would not start the services, naming the variable', () => {
    for (const bad of ['', 'abc', '12.5', '-1', '10', '99999']) expect(() => serviceNodeFlags({ SERVICE_MAX_HEAP_MB: bad })).toThrow(/SERVICE_MAX_HEAP_MB/);
  });
});
