/**
 * The shopper's store: chosen in the store picker, remembered in storage. It sets the region
 * (a CN store means the CN gateway: its carts, orders and stock), and availability, "in stock" and
 * the cart use it.
 */
import { useMiw } from '@miw/client-shared/react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { storage } from './platform';

export interface ChosenStore {
  id: string;
  name: string;
  city: string;
  region: 'eu' | 'cn';
  lat: number | null;
  lng: number | null;
}

interface StoreState {
  store: ChosenStore | null;
  chooseStore(store: ChosenStore): void;
}

const KEY = 'mobile.store';
const Context = createContext<StoreState | null>(null);

export function useStore(): StoreState {
  const value = useContext(Context);
  if (!value) throw new Error('useStore() needs <StoreProvider>');
  return value;
}

const parse = (raw: string | null): ChosenStore | null => {
  try {
    const value = raw ? (JSON.parse(raw) as Partial<ChosenStore>) : null;
    return value?.id && value.name && (value.region === 'eu' || value.region === 'cn') ? ({ city: '', lat: null, lng: null, ...value } as ChosenStore) : null;
  } catch {
    return null;
  }
};

export function StoreProvider({ children }: { children: ReactNode }) {
  const { region, setRegion } = useMiw();
  const [store, setStore] = useState<ChosenStore | null | undefined>(undefined);

  useEffect(() => {
    void Promise.resolve(storage.getItem(KEY)).then((raw) => setStore(parse(raw)));
  }, []);

  // The region follows the store (also when storage held an older region).
  useEffect(() => {
    if (store && store.region !== region) setRegion(store.region);
  }, [store, region, setRegion]);

  const chooseStore = useCallback((next: ChosenStore) => {
    void storage.setItem(KEY, JSON.stringify(next));
    setStore(next);
  }, []);

  const value = useMemo(() => ({ store: store ?? null, chooseStore }), [store, chooseStore]);
  if (store === undefined) return null; // storage not read yet (a few ms)
  return <Context.Provider value={value}>{children}</Context.Provider>;
}
