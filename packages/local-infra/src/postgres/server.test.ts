import { postmasterArgs } from './server';

describe('postmasterArgs', () => {
  it('listens on TCP 127.0.0.1 only, in UTC, marked with its owner; fast mode drops durability', () => {
    const args = postmasterArgs('/data', 5499, false, 1234);
    expect(args.slice(0, 4)).toEqual(['-D', '/data', '-p', '5499']);
    expect(args).toEqual(expect.arrayContaining(['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=300', 'timezone=UTC', 'miw.embedded_owner_pid=1234']));
    expect(args).not.toContain('fsync=off');
    expect(postmasterArgs('/data', 5499, true, 1234)).toEqual(expect.arrayContaining(['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']));
  });

  it('takes extra settings for one start (a benchmark preloading pg_stat_statements), never over the owner mark', () => {
    const args = postmasterArgs('/data', 5499, false, 1234, { shared_preload_libraries: 'pg_stat_statements', max_connections: '50', 'miw.embedded_owner_pid': '1' });
    expect(args).toEqual(expect.arrayContaining(['shared_preload_libraries=pg_stat_statements', 'max_connections=50', 'miw.embedded_owner_pid=1234']));
    expect(args).not.toContain('max_connections=300');
    expect(args).not.toContain('miw.embedded_owner_pid=1');
  });
});
