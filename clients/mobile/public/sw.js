/* global self, caches, fetch, URL -- a service worker script, served as is */
/* The shopper app's service worker: lets the app itself open without a connection (the data comes
 * from the persisted Apollo cache). Pages and /config.json: network first, the last copy offline.
 * Hashed bundles (/_expo/static/): cache first, they never change. Other origins (the gateways)
 * are never touched. */
const CACHE = 'miw-shop-v1';

// The first visit loads the page before this worker controls it: keep that page and its bundles now.
const precache = async () => {
  const cache = await caches.open(CACHE);
  const page = await fetch('/', { cache: 'no-store' });
  if (!page.ok) return;
  const html = await page.clone().text();
  await cache.put('/', page);
  const bundles = [...html.matchAll(/src="(\/_expo\/static\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll(bundles);
};

self.addEventListener('install', (event) => event.waitUntil(precache().then(() => self.skipWaiting())));

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const networkFirst = async (request, key) => {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
};

const cacheFirst = async (request) => {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
};

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  // Every path of the app is the same page (the server's history fallback): one cached copy.
  if (request.mode === 'navigate') event.respondWith(networkFirst(request, '/'));
  else if (url.pathname.startsWith('/_expo/static/')) event.respondWith(cacheFirst(request));
  else if (url.pathname === '/config.json') event.respondWith(networkFirst(request, '/config.json'));
});
