/** Notification preferences: one row per user and type that differs from the default (email on). */
import type { NotifyDb } from './db';

export const findPreferencesOfUser = (db: NotifyDb, userId: string): Promise<{ type: string; email: boolean }[]> =>
  db.notificationPreference.findMany({ where: { userId }, select: { type: true, email: true } });

export async function upsertPreference(db: NotifyDb, userId: string, type: string, email: boolean): Promise<{ type: string; email: boolean }> {
  return db.notificationPreference.upsert({ where: { userId_type: { userId, type } }, create: { userId, type, email }, update: { email }, select: { type: true, email: true } });
}
