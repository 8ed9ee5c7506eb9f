/**
 * The frame of every screen: a scrolling column whose first element is the screen's one level-1
 * heading, with an optional back button and a line under the title.
 */
import type { ReactNode } from 'react';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../nav/Navigator';
import { space, useTheme } from '../theme';
import { Button } from './Button';

export function Screen({ title, subtitle, children, back }: { title: string; subtitle?: string | null; children: ReactNode; back?: boolean }) {
  const c = useTheme();
  const { t } = useTranslation();
  const nav = useNavigation();
  return (
    <ScrollView style={{ backgroundColor: c.background }} contentContainerStyle={styles.content} keyboardShouldPersistTaps="handled">
      {back && nav.canGoBack ? (
        <View style={styles.backRow}>
          <Button label={`‹ ${t('nav.back')}`} a11yLabel={t('nav.back')} variant="ghost" small onPress={nav.back} testID="back-button" />
        </View>
      ) : null}
      <Text role="heading" aria-level={1} style={[styles.title, { color: c.text }]}>
        {title}
      </Text>
      {subtitle ? <Text style={[styles.subtitle, { color: c.muted }]}>{subtitle}</Text> : null}
      {children}
    </ScrollView>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const c = useTheme();
  return (
    <View style={styles.section}>
      <Text role="heading" aria-level={2} style={[styles.sectionTitle, { color: c.text }]}>
        {title}
      </Text>
      {children}
    </View>
  );
}

export function Card({ children, testID }: { children: ReactNode; testID?: string }) {
  const c = useTheme();
  return (
    <View testID={testID} style={[styles.card, { backgroundColor: c.surface, borderColor: c.border }]}>
      {children}
    </View>
  );
}

/** A horizontal group that wraps (chips, button rows). */
export function Row({ children, wrap = true }: { children: ReactNode; wrap?: boolean }) {
  return <View style={[styles.row, wrap && styles.wrap]}>{children}</View>;
}

const styles = StyleSheet.create({
  content: { padding: space.lg, gap: space.md, paddingBottom: space.xl * 2 },
  backRow: { flexDirection: 'row', marginLeft: -space.md },
  title: { fontSize: 26, fontWeight: '700' },
  subtitle: { fontSize: 15, marginTop: -space.sm },
  section: { gap: space.sm, marginTop: space.sm },
  sectionTitle: { fontSize: 19, fontWeight: '700' },
  card: { borderWidth: 1, borderRadius: 12, padding: space.md, gap: space.sm },
  row: { flexDirection: 'row', gap: space.sm, alignItems: 'center' },
  wrap: { flexWrap: 'wrap' },
});
