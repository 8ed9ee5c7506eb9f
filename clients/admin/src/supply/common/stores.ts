/** The stores a person works with in the current region: an admin all of them, a partner those its organization runs. */
import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { useMiw } from '@miw/client-shared/react';
import { SupplyStoresDocument } from './operations';

export function useSupplyStores() {
  const { session, region } = useMiw();
  const { data, loading, error } = useQuery(SupplyStoresDocument, { variables: { region: region === 'cn' ? 'CN' : 'EU' } });
  const orgId = session?.user.organization?.id;
  const isPartner = session?.user.role === 'PARTNER';
  const stores = useMemo(() => (data?.stores ?? []).filter((s) => !isPartner || s.partnerOrganization?.id === orgId), [data, isPartner, orgId]);
  return { stores, loading, error };
}
