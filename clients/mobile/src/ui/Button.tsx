/** A pressable with the button role, a name (keyboard: Enter/Space, the browser's focus ring), and a busy state. */
import { ActivityIndicator, Pressable, StyleSheet, Text, type StyleProp, type ViewStyle } from 'react-native';
import { radius, space, useTheme } from '../theme';

export interface ButtonProps {
  label: string;
  onPress(): void;
  variant?: 'primary' | 'secondary' | 'ghost';
  disabled?: boolean;
  busy?: boolean;
  /** Name for assistive technology when the visible label is not enough (e.g. "Remove Longjing"). */
  a11yLabel?: string;
  testID?: string;
  small?: boolean;
  /** For toggles (filters, language, payment choice). */
  selected?: boolean;
  style?: StyleProp<ViewStyle>;
}

export function Button({ label, onPress, variant = 'primary', disabled, busy, a11yLabel, testID, small, selected, style }: ButtonProps) {
  const c = useTheme();
  const filled = variant === 'primary' || selected === true;
  const inactive = disabled || busy;
  return (
    <Pressable
      role="button"
      aria-label={a11yLabel ?? label}
      aria-disabled={inactive || undefined}
      aria-pressed={selected}
      aria-busy={busy || undefined}
      disabled={inactive}
      onPress={onPress}
      testID={testID}
      style={({ pressed }) => [
        styles.base,
        small && styles.small,
        { backgroundColor: filled ? c.primary : 'transparent', borderColor: variant === 'ghost' && !selected ? 'transparent' : c.primary },
        inactive && styles.disabled,
        pressed && styles.pressed,
        style,
      ]}
    >
      {busy ? <ActivityIndicator size="small" color={filled ? c.onPrimary : c.primary} aria-hidden /> : null}
      <Text style={[styles.label, small && styles.labelSmall, { color: filled ? c.onPrimary : c.primary }]}>{label}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  base: { minHeight: 44, paddingHorizontal: space.lg, borderRadius: radius, borderWidth: 1.5, flexDirection: 'row', alignItems: 'center', justifyContent: 'center', gap: space.sm },
  small: { minHeight: 36, paddingHorizontal: space.md },
  disabled: { opacity: 0.55 },
  pressed: { opacity: 0.8 },
  label: { fontSize: 16, fontWeight: '600' },
  labelSmall: { fontSize: 14 },
});
