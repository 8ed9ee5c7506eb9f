/** What the catalog forms and filters choose from: categories (as an indented tree) and manufacturers. */
import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { useMiw } from '@miw/client-shared/react';
import { CategoriesDocument, ManufacturersDocument } from '../operations';

export interface CategoryOption {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  depth: number;
}

/** Categories ordered depth-first (each under its parent), with their depth for indentation. */
export function categoryTree(categories: readonly { id: string; name: string; slug: string; parent?: { id: string } | null }[]): CategoryOption[] {
  const children = new Map<string | null, typeof categories[number][]>();
  for (const c of categories) {
    const key = c.parent?.id ?? null;
    children.set(key, [...(children.get(key) ?? []), c]);
  }
  const out: CategoryOption[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const c of [...(children.get(parentId) ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ id: c.id, name: c.name, slug: c.slug, parentId, depth });
      visit(c.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

export function useCatalogChoices() {
  const categories = useQuery(CategoriesDocument);
  // The list is short (admins curate it); 100 is the API's page maximum.
  const manufacturers = useQuery(ManufacturersDocument, { variables: { first: 100 } });
  const tree = useMemo(() => categoryTree(categories.data?.categories ?? []), [categories.data]);
  return {
    categories: tree,
    manufacturers: manufacturers.data?.manufacturers.edges.map((e) => e.node) ?? [],
    loading: categories.loading || manufacturers.loading,
    error: categories.error ?? manufacturers.error,
  };
}

/** The manufacturer a MANUFACTURER person works for (null for other roles or when not found). */
export function useOwnManufacturer(manufacturers: readonly { id: string; organization?: { id: string } | null }[]): string | null {
  const { session } = useMiw();
  const orgId = session?.user.role === 'MANUFACTURER' ? session.user.organization?.id : undefined;
  if (!orgId) return null;
  return manufacturers.find((m) => m.organization?.id === orgId)?.id ?? null;
}
