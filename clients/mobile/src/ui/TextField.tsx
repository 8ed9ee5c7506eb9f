/** A labelled text input: the label is visible and is the input's accessible name. */
import { StyleSheet, Text, TextInput, View, type TextInputProps } from 'react-native';
import { radius, space, useTheme } from '../theme';

export interface TextFieldProps extends Pick<TextInputProps, 'value' | 'onChangeText' | 'onSubmitEditing' | 'placeholder' | 'inputMode' | 'autoComplete' | 'autoCapitalize' | 'maxLength' | 'returnKeyType' | 'autoFocus' | 'enterKeyHint'> {
  label: string;
  testID?: string;
  /** Shown under the input (and announced with it). */
  error?: string | null;
  /** Hide the visible label (the search box has its own context); it stays the accessible name. */
  hideLabel?: boolean;
}

export function TextField({ label, testID, error, hideLabel, ...input }: TextFieldProps) {
  const c = useTheme();
  return (
    <View style={styles.field}>
      {hideLabel ? null : <Text style={[styles.label, { color: c.text }]}>{label}</Text>}
      <TextInput
        {...input}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        testID={testID}
        placeholderTextColor={c.muted}
        style={[styles.input, { color: c.text, backgroundColor: c.surface, borderColor: error ? c.danger : c.border }]}
      />
      {error ? <Text style={[styles.error, { color: c.danger }]}>{error}</Text> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  // Shrinkable: two fields side by side share a narrow row instead of overflowing it.
  field: { gap: space.xs, flexGrow: 1, flexShrink: 1, minWidth: 0 },
  label: { fontSize: 14, fontWeight: '600' },
  input: { minHeight: 44, minWidth: 0, borderWidth: 1, borderRadius: radius, paddingHorizontal: space.md, fontSize: 16 },
  error: { fontSize: 14 },
});
