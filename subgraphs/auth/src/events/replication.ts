/**
 * Users and organizations replicate both ways (each region writes them). The sync worker applies
 * the other region's snapshots with these tables; the version order is (updated_at, last_event_id),
 * stamped on local writes by the `auth.stamp_version` trigger (prisma/auth/sql). Credentials
 * (login codes, refresh tokens, API keys) are region-local and never replicate.
 */
import { createReplicator, replicatedColumn as col } from '@miw/events';
import { topicName, type RegionCode } from '@miw/contracts';

const common = [
  col('originRegion', 'origin_region', '"auth"."Region"'),
  col('createdAt', 'created_at', 'timestamptz'),
  col('updatedAt', 'updated_at', 'timestamptz'),
  col('deletedAt', 'deleted_at', 'timestamptz', false),
];

export const AUTH_REPLICATED_ENTITIES = ['User', 'Organization'] as const;

export const authReplicator = createReplicator({
  schema: 'auth',
  tieBreak: true,
  tables: {
    User: {
      table: 'user',
      columns: [
        col('id', 'id', 'uuid'),
        col('email', 'email', 'text'),
        col('name', 'name', 'text'),
        col('role', 'role', '"auth"."Role"'),
        col('organizationId', 'organization_id', 'uuid', false),
        col('homeRegion', 'home_region', '"auth"."Region"'),
        ...common,
      ],
    },
    Organization: {
      table: 'organization',
      columns: [col('id', 'id', 'uuid'), col('name', 'name', 'text'), col('kind', 'kind', '"auth"."OrganizationKind"'), ...common],
    },
  },
});

/** Topics of `region`'s user and organization changes. */
export const authReplicatedTopics = (region: RegionCode, prefix = '') => AUTH_REPLICATED_ENTITIES.map((e) => topicName(region, 'auth', e, prefix));
