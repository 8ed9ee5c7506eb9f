import { useMiw } from '@miw/client-shared/react';

/** Global catalog data is mastered in EU: editing it is offered there only (CN shows it read-only). */
export function useCanEditCatalog(): boolean {
  return useMiw().region === 'eu';
}
