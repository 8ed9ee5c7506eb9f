/**
 * Light and dark palettes (following the system setting) and the spacing scale. Text colours keep
 * a contrast of at least 4.5:1 on their backgrounds (WCAG AA), checked by axe in the browser tests.
 */
import { useColorScheme } from 'react-native';

export interface Palette {
  scheme: 'light' | 'dark';
  background: string;
  surface: string;
  border: string;
  text: string;
  muted: string;
  primary: string;
  onPrimary: string;
  danger: string;
  success: string;
  warningBg: string;
  warningText: string;
}

const light: Palette = {
  scheme: 'light',
  background: '#f6f7f5',
  surface: '#ffffff',
  border: '#c9cfc9',
  text: '#17201b',
  muted: '#4d5a52',
  primary: '#0b6e4f',
  onPrimary: '#ffffff',
  danger: '#b3261e',
  success: '#0b6e4f',
  warningBg: '#fff4d6',
  warningText: '#5c4200',
};

const dark: Palette = {
  scheme: 'dark',
  background: '#101412',
  surface: '#1b211e',
  border: '#3b4540',
  text: '#eef2ef',
  muted: '#b3beb7',
  primary: '#5fd3a8',
  onPrimary: '#06281c',
  danger: '#ffb4ab',
  success: '#5fd3a8',
  warningBg: '#3d3000',
  warningText: '#ffe08a',
};

export const space = { xs: 4, sm: 8, md: 12, lg: 16, xl: 24 } as const;
export const radius = 10;

export function useTheme(): Palette {
  return useColorScheme() === 'dark' ? dark : light;
}
