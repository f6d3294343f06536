import { instanceTransactionalId } from '../../kafka/src/transactional-committer';

import { declareAcls, PRINCIPALS, type AclSpec } from './principals';
import { declareTopics, inboundTopic, TOPICS } from './topics';

describe(declareAcls.name, () => {
  const akasse3F = { kind: 'akasse', id: '3F' } as const;
  const jobcenter707 = { kind: 'jobcenter', id: '707' } as const;
  const acls = declareAcls([akasse3F, jobcenter707]);
  const of = (principal: string): AclSpec[] => acls.filter((acl) => acl.principal === principal);
  /** Whether `principal` may do `operation` on topic `name` by some ACL (literal or prefixed). */
  const allows = (principal: string, operation: AclSpec['operation'], name: string): boolean =>
    of(principal).some(
      (acl) =>
        acl.resourceType === 'TOPIC' &&
        acl.operation === operation &&
        (acl.patternType === 'LITERAL' ? acl.resourceName === name : name.startsWith(acl.resourceName)),
    );

  it('lets a partner write exactly its own inbound topics, by their literal names, and nothing else', () => {
    const partner = PRINCIPALS.partner(akasse3F);
    expect(of(partner)).toEqual(
      ['beskedmodul', 'jobag'].map((channel) => ({
        principal: partner,
        resourceType: 'TOPIC',
        resourceName: inboundTopic(channel as 'beskedmodul' | 'jobag', akasse3F),
        patternType: 'LITERAL',
        operation: 'WRITE',
      })),
    );
    expect(allows(partner, 'WRITE', inboundTopic('beskedmodul', jobcenter707))).toBe(false);
  });

  it('gives every hub topic a reader and a writer among the hub services, and no service writes inbound', () => {
    const services = [
      PRINCIPALS.router,
      PRINCIPALS.notifier,
      PRINCIPALS.monitor,
      PRINCIPALS.adapter('akasse'),
      PRINCIPALS.adapter('jobcenter'),
    ];
    for (const topic of declareTopics([akasse3F, jobcenter707])) {
      const inbound = topic.name.startsWith('hub.inbound.');
      const writers = services.filter((service) => allows(service, 'WRITE', topic.name));
      const readers = services.filter((service) => allows(service, 'READ', topic.name));
      expect({ topic: topic.name, written: writers.length > 0, read: readers.length > 0 }).toEqual({
        topic: topic.name,
        written: !inbound,
        read: topic.name !== TOPICS.outbound('union') && topic.name !== TOPICS.outbound('company'),
      });
    }
    expect(allows(PRINCIPALS.router, 'READ', inboundTopic('vitas', { kind: 'vitas', id: 'vitas' }))).toBe(
      true,
    );
    expect(allows(PRINCIPALS.adapter('akasse'), 'READ', TOPICS.outbound('akasse'))).toBe(true);
    expect(allows(PRINCIPALS.adapter('akasse'), 'READ', TOPICS.outbound('jobcenter'))).toBe(false);
  });

  it("covers each consuming service's transactional ids by its prefix", () => {
    for (const [principal, group] of [
      [PRINCIPALS.router, 'hub-router'],
      [PRINCIPALS.notifier, 'hub-notifier'],
      [PRINCIPALS.monitor, 'hub-monitor'],
      [PRINCIPALS.adapter('jobcenter'), 'hub-jobcenter-adapter'],
    ]) {
      const id = instanceTransactionalId(group);
      const covering = of(principal).filter(
        (acl) => acl.resourceType === 'TRANSACTIONAL_ID' && id.startsWith(acl.resourceName),
      );
      expect({ principal, covering: covering.length }).toEqual({ principal, covering: 1 });
      expect(of(principal)).toContainEqual(
        expect.objectContaining({ resourceType: 'GROUP', resourceName: group }),
      );
    }
  });

  it("lets the router, and no other service, read the inbound topics' settings (whose clock stamps them)", () => {
    const topic = inboundTopic('beskedmodul', akasse3F);
    expect(allows(PRINCIPALS.router, 'DESCRIBE_CONFIGS', topic)).toBe(true);
    expect(allows(PRINCIPALS.partner(akasse3F), 'DESCRIBE_CONFIGS', topic)).toBe(false);
    expect(allows(PRINCIPALS.monitor, 'DESCRIBE_CONFIGS', topic)).toBe(false);
  });

  it('gives the operator no ACL at all: it is the broker super user, the only one who creates or deletes topics', () => {
    expect(of(PRINCIPALS.operator)).toEqual([]);
  });
});
