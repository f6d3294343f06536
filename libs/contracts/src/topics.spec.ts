import { declareTopics, TIMESTAMP_TYPE_CONFIG } from './topics';

describe(declareTopics.name, () => {
  const partners = [
    { kind: 'akasse', id: '3F' },
    { kind: 'jobcenter', id: '707' },
  ] as const;
  const inbound = (type: 'CreateTime' | 'LogAppendTime') =>
    declareTopics(partners, undefined, type).filter((topic) => topic.name.startsWith('hub.inbound.'));

  it('keeps the records of publisher-stamped inbound topics: retention would judge replayed dates as long expired', () => {
    const topics = inbound('CreateTime');
    expect(topics.length).toBeGreaterThan(0);
    for (const topic of topics) {
      expect(topic.configs).toEqual({ [TIMESTAMP_TYPE_CONFIG]: 'CreateTime', 'retention.ms': '-1' });
    }
  });

  it("leaves broker-stamped inbound topics (production) with the broker's retention", () => {
    for (const topic of inbound('LogAppendTime')) {
      expect(topic.configs).toEqual({ [TIMESTAMP_TYPE_CONFIG]: 'LogAppendTime' });
    }
  });
});
