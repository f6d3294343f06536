import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ConfigResourceTypes,
  ConfigSource,
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

/**
 * The effective value of one config of each topic (its own setting, else the broker's default), as
 * the broker reports it. Needs DESCRIBE_CONFIGS on the topics.
 */
export async function describeTopicConfig(
  kafka: Kafka,
  topics: readonly string[],
  configName: string,
): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  if (topics.length === 0) return values;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: [configName] })),
    });
    for (const resource of described.resources) {
      const entry = resource.configEntries.find((candidate) => candidate.configName === configName);
      if (entry) values.set(resource.resourceName, entry.configValue);
    }
    return values;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Gives existing topics the configs their declaration asks for where they differ (a topic made
 * before a setting changed), keeping every other setting of the topic: Kafka's AlterConfigs replaces
 * a topic's whole set, so the topic's own settings are read first and sent back with the change.
 * Returns the names of the topics changed. Only the operator may (ALTER_CONFIGS).
 */
export async function alignTopicConfigs(
  kafka: Kafka,
  declarations: readonly TopicDeclaration[],
): Promise<string[]> {
  const declared = declarations.filter((topic) => Object.keys(topic.configs).length > 0);
  if (declared.length === 0) return [];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const present = declared.filter((topic) => existing.has(topic.name));
    if (present.length === 0) return [];
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic.name })),
    });
    const changes = present.flatMap((topic) => {
      const entries =
        described.resources.find((resource) => resource.resourceName === topic.name)?.configEntries ?? [];
      const differs = Object.entries(topic.configs).some(
        ([name, value]) => entries.find((entry) => entry.configName === name)?.configValue !== value,
      );
      if (!differs) return [];
      const own = Object.fromEntries(
        entries
          .filter((entry) => entry.configSource === ConfigSource.TOPIC_CONFIG)
          .map((entry) => [entry.configName, entry.configValue]),
      );
      const wanted = { ...own, ...topic.configs };
      return [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic.name,
          configEntries: Object.entries(wanted).map(([name, value]) => ({ name, value })),
        },
      ];
    });
    if (changes.length > 0) await admin.alterConfigs({ validateOnly: false, resources: changes });
    return changes.map((change) => change.name);
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
  operation: 'READ' | 'WRITE' | 'DESCRIBE' | 'DESCRIBE_CONFIGS';
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
