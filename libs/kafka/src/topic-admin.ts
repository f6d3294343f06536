import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type Admin,
  type Kafka,
} from 'kafkajs';

export interface TopicDeclaration {
  name: string;
  partitions: number;
  configs: Record<string, string>;
}

/**
 * Creates the topics that do not exist yet and adds partitions where a declaration asks for more.
 * Every service calls it at start-up with the layout from @hub/contracts, so topics are declared in
 * one place and a fresh broker needs no manual step. Safe to run from several instances at once.
 */
export interface EnsureTopicsOptions {
  /**
   * Which missing topics a service can start without when the broker refuses to create them (on a
   * secured broker only the operator may): the router starts without a new partner's inbound
   * topics, which it picks up by pattern once `hub topics create` has made them. Any other missing
   * topic fails the start-up with what to run.
   */
  mayBeMissing?: (topic: string) => boolean;
  /** Told which topics are missing and tolerated (mayBeMissing), so the service can log them. */
  onMissing?: (topics: string[]) => void;
}

/** Raised when topics are missing and this principal may not create them. */
export class TopicsMissingError extends Error {
  constructor(readonly topics: readonly string[]) {
    super(
      `topics missing and this service may not create them: ${topics.join(', ')}. ` +
        'Create them as the operator: hub topics create',
    );
  }
}

function isAuthorizationRefusal(error: unknown): boolean {
  const { type, errors } = error as { type?: string; errors?: unknown[] };
  if (typeof type === 'string' && type.endsWith('AUTHORIZATION_FAILED')) return true;
  return Array.isArray(errors) && errors.some((inner) => isAuthorizationRefusal(inner));
}

export async function ensureTopics(
  kafka: Kafka,
  declarations: readonly TopicDeclaration[],
  options: EnsureTopicsOptions = {},
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = declarations.filter((topic) => !existing.has(topic.name));
    if (missing.length > 0) {
      try {
        // Not kafkajs's waitForLeaders: its metadata poll gives up on UNKNOWN_TOPIC_OR_PARTITION ("This
        // server does not host this topic-partition"), which a KRaft broker answers for a moment
        // after creating a topic; waitUntilReady below retries that too.
        await admin.createTopics({
          waitForLeaders: false,
          topics: missing.map((topic) => ({
            topic: topic.name,
            numPartitions: topic.partitions,
            replicationFactor: -1,
            configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
          })),
        });
      } catch (error) {
        if (isAuthorizationRefusal(error)) {
          const tolerated = missing.filter((topic) => options.mayBeMissing?.(topic.name) === true);
          const required = missing.filter((topic) => !tolerated.includes(topic));
          if (required.length > 0) throw new TopicsMissingError(required.map((topic) => topic.name));
          options.onMissing?.(tolerated.map((topic) => topic.name));
          return [];
        }
        // Another instance may have created some of them in the meantime; that is fine.
        if (!/already exists/i.test(String((error as Error).message))) throw error;
      }
      await waitUntilReady(admin, missing);
    }
    const present = declarations.filter((topic) => existing.has(topic.name));
    if (present.length > 0) {
      const metadata = await admin.fetchTopicMetadata({ topics: present.map((topic) => topic.name) });
      const grow = metadata.topics
        .map((topic) => ({ topic, wanted: present.find((d) => d.name === topic.name)?.partitions ?? 0 }))
        .filter(({ topic, wanted }) => topic.partitions.length < wanted)
        .map(({ topic, wanted }) => ({ topic: topic.name, count: wanted }));
      if (grow.length > 0) {
        await admin.createPartitions({ topicPartitions: grow });
        await waitUntilReady(
          admin,
          grow.map((topic) => ({ name: topic.topic, partitions: topic.count })),
        );
      }
    }
    return missing.map((topic) => topic.name);
  } finally {
    await admin.disconnect();
  }
}

const LEADER_WAIT_MS = 30_000;
const LEADER_POLL_MS = 100;

/**
 * Until every topic shows its declared partitions, each with a leader. The broker answers metadata
 * from a cache that catches up a moment after a create: an unknown topic or missing partitions then
 * mean "not yet", not an error.
 */
async function waitUntilReady(
  admin: Admin,
  topics: readonly Pick<TopicDeclaration, 'name' | 'partitions'>[],
): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  let lastProblem = '';
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: topics.map((topic) => topic.name) });
      const notReady = topics.filter((wanted) => {
        const partitions = metadata.topics.find((topic) => topic.name === wanted.name)?.partitions ?? [];
        return partitions.length < wanted.partitions || partitions.some((p) => p.leader < 0);
      });
      if (notReady.length === 0) return;
      lastProblem = `partitions or leaders missing for ${notReady.map((topic) => topic.name).join(', ')}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(`topics not ready ${LEADER_WAIT_MS / 1000} s after creating them: ${lastProblem}`);
    }
    await new Promise((resolve) => setTimeout(resolve, LEADER_POLL_MS));
  }
}

/** One ACL to allow, as @hub/contracts declares them (declareAcls). */
export interface AclDeclaration {
  principal: string;
  resourceType: 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID';
  resourceName: string;
  patternType: 'LITERAL' | 'PREFIXED';
  operation: 'READ' | 'WRITE' | 'DESCRIBE';
}

/**
 * Writes the ALLOW ACLs (from any host) for the declared principals. Creating an ACL that exists
 * changes nothing, so this is safe to repeat; an ACL no longer declared is not removed (a partner
 * that leaves is revoked by hand: infra/README.md). Returns false when the broker has no
 * authorizer (a plaintext profile), where there is nothing to write.
 */
export async function ensureAcls(kafka: Kafka, declarations: readonly AclDeclaration[]): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createAcls({
      acl: declarations.map((acl) => ({
        principal: `User:${acl.principal}`,
        host: '*',
        resourceType: AclResourceTypes[acl.resourceType],
        resourceName: acl.resourceName,
        resourcePatternType: ResourcePatternTypes[acl.patternType],
        operation: AclOperationTypes[acl.operation],
        permissionType: AclPermissionTypes.ALLOW,
      })),
    });
    return true;
  } catch (error) {
    if ((error as { type?: string }).type === 'SECURITY_DISABLED') return false;
    throw error;
  } finally {
    await admin.disconnect();
  }
}
