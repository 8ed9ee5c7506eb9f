/** Sync alerts for admins, pure: the message of a dead letter or of replication lag in each locale. */
import type { Locale, SyncAlertPayload } from '@miw/contracts';

const seconds = (ms: number | null | undefined): string => (ms == null ? '?' : String(Math.round(ms / 1000)));

const TEXT = {
  en: {
    deadLetter: (a: SyncAlertPayload) => ({
      title: `Sync ${a.direction}: a message was dead-lettered`,
      body: [
        `The sync worker (${a.from} to ${a.to}) could not apply a message and set it aside (${a.reason ?? 'unknown reason'}).`,
        ...(a.sourceTopic ? [`Topic: ${a.sourceTopic}`] : []),
        ...(a.error ? [`Error: ${a.error}`] : []),
        `Inspect and replay it with: npm run sync-worker -- dlq list${a.deadLetterId ? ` (id ${a.deadLetterId})` : ''}`,
      ].join('\n'),
    }),
    lag: (a: SyncAlertPayload) => ({
      title: `Sync ${a.direction} is behind`,
      body: `Replication from ${a.from} to ${a.to} is ${seconds(a.lagMs)} s behind (threshold ${seconds(a.thresholdMs)} s).`,
    }),
  },
  'zh-CN': {
    deadLetter: (a: SyncAlertPayload) => ({
      title: `同步 ${a.direction}：有消息进入死信队列`,
      body: [
        `同步服务（${a.from} 到 ${a.to}）无法应用一条消息，已将其搁置（${a.reason ?? '原因未知'}）。`,
        ...(a.sourceTopic ? [`主题：${a.sourceTopic}`] : []),
        ...(a.error ? [`错误：${a.error}`] : []),
        `查看并重放：npm run sync-worker -- dlq list${a.deadLetterId ? `（id ${a.deadLetterId}）` : ''}`,
      ].join('\n'),
    }),
    lag: (a: SyncAlertPayload) => ({
      title: `同步 ${a.direction} 延迟`,
      body: `从 ${a.from} 到 ${a.to} 的复制延迟 ${seconds(a.lagMs)} 秒（阈值 ${seconds(a.thresholdMs)} 秒）。`,
    }),
  },
} satisfies Record<Locale, unknown>;

/** The alert's title and body in `locale`. */
export function syncAlertMessage(alert: SyncAlertPayload, locale: Locale): { title: string; body: string } {
  const t = TEXT[locale];
  return alert.kind === 'dead_letter' ? t.deadLetter(alert) : t.lag(alert);
}
