import { CATEGORIES, isActiveProduct, largeCategories, largeId, largeLevels, largeManufacturers, largeProduct, largeStores, MANUFACTURERS, searchTerms, VOCABULARY } from './lib/seed-large';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('the large data set', () => {
  it('is the same on every run, with ids built from kind and number', () => {
    expect(largeId(1, 42)).toBe('5eed0001-0000-4000-8000-00000000002a');
    expect(largeProduct(42).id).toBe('5eed0001-0000-4000-8000-00000000002a');
    expect(largeProduct(42)).toEqual(largeProduct(42));
    expect(largeLevels(42, 'eu', largeStores())).toEqual(largeLevels(42, 'eu', largeStores()));
    expect(largeCategories()).toEqual(largeCategories());
    expect(largeManufacturers()).toEqual(largeManufacturers());
    const ids = [...largeManufacturers(), ...largeCategories(), ...largeStores(), ...range(1000).map(largeProduct)].map((r) => r.id);
    expect(ids.every((id) => UUID.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has 200 manufacturers, 10 x 10 categories and 60 EU + 20 CN stores', () => {
    const makers = largeManufacturers();
    expect(makers).toHaveLength(MANUFACTURERS);
    expect(new Set(makers.map((m) => m.name)).size).toBe(200);
    const categories = largeCategories();
    expect(categories).toHaveLength(CATEGORIES);
    const roots = categories.filter((c) => c.parentId === null);
    expect(roots).toHaveLength(10);
    expect(categories.filter((c) => c.parentId !== null).every((c) => roots.some((r) => r.id === c.parentId))).toBe(true);
    expect(new Set(categories.map((c) => c.slug)).size).toBe(110);
    expect(categories.every((c) => c.slug.startsWith('large-'))).toBe(true);
    const stores = largeStores();
    expect(stores.filter((s) => s.region === 'eu')).toHaveLength(60);
    expect(stores.filter((s) => s.region === 'cn')).toHaveLength(20);
    expect(new Set(stores.map((s) => s.code)).size).toBe(80);
    expect(stores.every((s) => Math.abs(s.latitude!) <= 90 && Math.abs(s.longitude!) <= 180)).toBe(true);
  });

  it('names every product <adjective> <origin or material> <noun>[, size] from a vocabulary of about 40 x 60 x 80 words', () => {
    expect([VOCABULARY.adjectives.length, VOCABULARY.origins.length, VOCABULARY.nouns.length]).toEqual([40, 60, 80]);
    const products = range(20_000).map(largeProduct);
    const used = { adjectives: new Set<string>(), origins: new Set<string>(), nouns: new Set<string>() };
    for (const p of products) {
      const base = p.name.split(', ')[0]!;
      const adjective = VOCABULARY.adjectives.find((a) => base.startsWith(`${a} `));
      const noun = VOCABULARY.nouns.find((n) => base.endsWith(` ${n}`));
      const origin = base.slice((adjective?.length ?? 0) + 1, base.length - (noun?.length ?? 0) - 1);
      expect([p.name, adjective, noun, VOCABULARY.origins.includes(origin)]).toEqual([p.name, expect.any(String), expect.any(String), true]);
      used.adjectives.add(adjective!);
      used.origins.add(origin);
      used.nouns.add(noun!);
    }
    expect([used.adjectives.size, used.origins.size, used.nouns.size]).toEqual([40, 60, 80]);
    expect(products.some((p) => p.name.includes(', '))).toBe(true);
  });

  it('spreads products over every leaf category (so every subtree holds some), makers and statuses', () => {
    const leaves = largeCategories().filter((c) => c.parentId !== null);
    for (const n of [100, 5000]) {
      const products = range(n).map(largeProduct);
      const perLeaf = new Map(leaves.map((l) => [l.id, 0]));
      for (const p of products) perLeaf.set(p.categoryId!, perLeaf.get(p.categoryId!)! + 1);
      expect(perLeaf.size).toBe(100);
      expect([...perLeaf.values()].every((count) => count > 0)).toBe(true);
    }
    const products = range(20_000).map(largeProduct);
    expect(new Set(products.map((p) => p.manufacturerId)).size).toBe(200);
    const share = (status: string) => products.filter((p) => p.status === status).length / products.length;
    expect(share('ACTIVE')).toBeCloseTo(0.92, 1);
    expect(share('DRAFT')).toBeCloseTo(0.05, 1);
    expect(share('ARCHIVED')).toBeCloseTo(0.03, 1);
    expect(products.every((p) => p.priceAmount >= 100 && p.priceAmount <= 50_000 && p.currency === 'EUR')).toBe(true);
    expect(products.every((p) => p.images.length >= 1 && p.images.length <= 3 && /^[A-Z0-9][A-Z0-9._-]{1,63}$/.test(p.sku))).toBe(true);
    expect(products.every((p) => p.status === 'ACTIVE' === isActiveProduct(Number.parseInt(p.id.slice(-12), 16)))).toBe(true);
  });

  it('puts about 4 levels per product in distinct stores of the region, 0 to 200 units, 10% empty', () => {
    const stores = largeStores();
    for (const region of ['eu', 'cn'] as const) {
      const ids = new Set(stores.filter((s) => s.region === region).map((s) => s.id));
      const levels = range(5000).flatMap((n) => largeLevels(n, region, stores));
      expect(levels.length / 5000).toBeGreaterThan(3.8);
      expect(levels.length / 5000).toBeLessThan(4.2);
      expect(levels.every((l) => ids.has(l.storeId) && l.onHand >= 0 && l.onHand <= 200 && l.lowStockThreshold === 5)).toBe(true);
      expect(new Set(levels.map((l) => `${l.storeId}/${l.productId}`)).size).toBe(levels.length);
      expect(levels.filter((l) => l.onHand === 0).length / levels.length).toBeCloseTo(0.1, 1);
    }
  });
});

/** Whether `typed` is `word` with one letter substituted, dropped, or two neighbours swapped. */
function oneTypo(word: string, typed: string): boolean {
  if (typed.length === word.length - 1) return range(word.length).some((i) => word.slice(0, i - 1) + word.slice(i) === typed);
  if (typed.length !== word.length) return false;
  const diff = range(word.length).map((i) => i - 1).filter((i) => word[i] !== typed[i]);
  if (diff.length === 1) return true;
  return diff.length === 2 && diff[1] === diff[0]! + 1 && word[diff[0]!] === typed[diff[1]!] && word[diff[1]!] === typed[diff[0]!];
}

describe('search terms', () => {
  const products = 5000;
  const pairs = new Set(
    range(products)
      .filter(isActiveProduct)
      .flatMap((n) => {
        const words = largeProduct(n).name.split(',')[0]!.toLowerCase().split(' ');
        return words.slice(1).map((w, i) => `${words[i]} ${w}`);
      }),
  );

  it('are two words of real product names, every second one with one typo, the same for the same seed', () => {
    const terms = searchTerms(products, 200, 7);
    expect(terms).toEqual(searchTerms(products, 200, 7));
    expect(terms).not.toEqual(searchTerms(products, 200, 8));
    terms.forEach((term, i) => {
      expect(term.split(' ')).toHaveLength(2);
      if (i % 2 === 0) return expect(pairs.has(term)).toBe(true);
      const [a, b] = term.split(' ') as [string, string];
      const near = [...pairs].some((pair) => {
        const [x, y] = pair.split(' ') as [string, string];
        return (x === a && y.length >= 5 && oneTypo(y, b)) || (y === b && x.length >= 5 && oneTypo(x, a));
      });
      expect([term, near]).toEqual([term, true]);
    });
  });
});
