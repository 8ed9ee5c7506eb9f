/**
 * The app's screens as data, and their web paths: `/product/<id>`, `/orders/<id>`, `/search?q=`.
 * A reload or a deep link opens the screen its path names.
 */
export interface SearchParams {
  q?: string;
  categoryId?: string;
  /** Price bounds as typed (major units). */
  min?: string;
  max?: string;
  inStock?: boolean;
}

export type Route =
  | { name: 'home' }
  | { name: 'category'; id: string }
  | ({ name: 'search' } & SearchParams)
  | { name: 'product'; id: string }
  | { name: 'cart' }
  | { name: 'checkout' }
  | { name: 'orders' }
  | { name: 'order'; id: string }
  | { name: 'notifications' }
  | { name: 'profile' }
  | { name: 'stores' }
  | { name: 'signin'; next?: string }
  | { name: 'register'; next?: string }
  | { name: 'notFound' };

export type RouteName = Route['name'];

const enc = encodeURIComponent;

/** The path of a route (with its query string). */
export function toPath(route: Route): string {
  switch (route.name) {
    case 'home':
      return '/';
    case 'category':
      return `/category/${enc(route.id)}`;
    case 'product':
      return `/product/${enc(route.id)}`;
    case 'order':
      return `/orders/${enc(route.id)}`;
    case 'search': {
      const params = new URLSearchParams();
      if (route.q) params.set('q', route.q);
      if (route.categoryId) params.set('category', route.categoryId);
      if (route.min) params.set('min', route.min);
      if (route.max) params.set('max', route.max);
      if (route.inStock) params.set('stock', '1');
      const query = params.toString();
      return query ? `/search?${query}` : '/search';
    }
    case 'signin':
    case 'register':
      return route.next ? `/${route.name}?next=${enc(route.next)}` : `/${route.name}`;
    case 'notFound':
      return '/not-found';
    default:
      return `/${route.name}`;
  }
}

const SIMPLE: Record<string, Route> = {
  '': { name: 'home' },
  search: { name: 'search' },
  cart: { name: 'cart' },
  checkout: { name: 'checkout' },
  orders: { name: 'orders' },
  notifications: { name: 'notifications' },
  profile: { name: 'profile' },
  stores: { name: 'stores' },
};

/** Only paths of this app are followed after sign-in (never another origin). */
const safeNext = (next: string | null): string | undefined => (next && next.startsWith('/') && !next.startsWith('//') ? next : undefined);

/** The route a path (with optional `?query`) names; `notFound` for anything else. */
export function parsePath(path: string): Route {
  const [pathname = '', query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [head = '', id] = parts;
  if (parts.length === 2 && id) {
    if (head === 'product') return { name: 'product', id };
    if (head === 'orders') return { name: 'order', id };
    if (head === 'category') return { name: 'category', id };
  }
  if (parts.length > 1) return { name: 'notFound' };
  if (head === 'search') {
    return {
      name: 'search',
      q: params.get('q') ?? undefined,
      categoryId: params.get('category') ?? undefined,
      min: params.get('min') ?? undefined,
      max: params.get('max') ?? undefined,
      inStock: params.get('stock') === '1' || undefined,
    };
  }
  if (head === 'signin' || head === 'register') return { name: head, next: safeNext(params.get('next')) };
  return SIMPLE[head] ?? { name: 'notFound' };
}
