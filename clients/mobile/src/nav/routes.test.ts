import { describe, expect, it } from '@jest/globals';
import { parsePath, toPath, type Route } from './routes';

describe('the shopper app paths', () => {
  it('round-trip every screen (a reload or a deep link opens it again)', () => {
    const routes: Route[] = [
      { name: 'home' },
      { name: 'product', id: '9d000000-0000-4000-8000-000000000001' },
      { name: 'order', id: 'a b/c' },
      { name: 'search', q: 'longjng', categoryId: 'c1', min: '1', max: '20', inStock: true },
      { name: 'cart' },
      { name: 'checkout' },
      { name: 'signin', next: '/orders' },
    ];
    for (const route of routes) expect(parsePath(toPath(route))).toEqual(route);
  });

  it('follow only paths of the app after sign-in, and name unknown paths', () => {
    expect(parsePath('/signin?next=//evil.example')).toEqual({ name: 'signin', next: undefined });
    expect(parsePath('/nowhere/at/all')).toEqual({ name: 'notFound' });
  });
});
