/** Loading, empty, error and "load more" states: the same look and wording on every screen. */
import { ActivityIndicator, StyleSheet, Text, View } from 'react-native';
import { useTranslation } from 'react-i18next';
import { space, useTheme } from '../theme';
import { Button } from './Button';

export function Loading({ label }: { label?: string }) {
  const c = useTheme();
  const { t } = useTranslation();
  return (
    <View style={styles.center} role="status" aria-live="polite">
      <ActivityIndicator color={c.primary} aria-label={label ?? t('common.loading')} />
      <Text style={{ color: c.muted }}>{label ?? t('common.loading')}</Text>
    </View>
  );
}

export function Empty({ text, testID }: { text: string; testID?: string }) {
  const c = useTheme();
  return (
    <Text testID={testID} style={[styles.empty, { color: c.muted }]}>
      {text}
    </Text>
  );
}

/** A translated error (from useErrorText), announced when it appears. */
export function ErrorText({ text, onRetry, testID = 'error' }: { text: string | null | undefined; onRetry?: () => void; testID?: string }) {
  const c = useTheme();
  const { t } = useTranslation();
  if (!text) return null;
  return (
    <View style={[styles.error, { borderColor: c.danger }]} role="alert">
      <Text testID={testID} style={{ color: c.danger, fontSize: 15 }}>
        {text}
      </Text>
      {onRetry ? <Button label={t('common.retry')} variant="secondary" small onPress={onRetry} /> : null}
    </View>
  );
}

/** The footer of a paginated list: "load more" while the API says more pages follow. */
export function LoadMore({ hasMore, loading, onPress, testID = 'load-more' }: { hasMore: boolean; loading: boolean; onPress: () => void; testID?: string }) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return <Button label={t('common.loadMore')} variant="secondary" busy={loading} onPress={onPress} testID={testID} />;
}

const styles = StyleSheet.create({
  center: { padding: space.xl, alignItems: 'center', gap: space.sm },
  empty: { fontSize: 15, paddingVertical: space.lg, textAlign: 'center' },
  error: { borderWidth: 1, borderRadius: 10, padding: space.md, gap: space.sm },
});
