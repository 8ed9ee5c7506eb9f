/** The signed-in user's notification preferences: per type, whether email is sent too (in-app always is). */
import { unauthenticated, type Viewer } from '@miw/auth';
import type { NotifyDb } from '../data/db';
import { findPreferencesOfUser, upsertPreference } from '../data/preferences';
import { preferencesOfEveryType } from '../domain/notifications';
import type { NotificationType } from '../schema.generated';

type Deps = { db: NotifyDb; viewer: Viewer };

function userOf(viewer: Viewer): string {
  if (!viewer) throw unauthenticated('Sign in to manage your notifications');
  return viewer.userId;
}

export async function myPreferences({ db, viewer }: Deps): Promise<{ type: NotificationType; email: boolean }[]> {
  return preferencesOfEveryType(await findPreferencesOfUser(db, userOf(viewer)));
}

export async function setPreference({ db, viewer }: Deps, type: NotificationType, email: boolean): Promise<{ type: NotificationType; email: boolean }> {
  const stored = await upsertPreference(db, userOf(viewer), type, email);
  return { type, email: stored.email };
}
