// Tests against the real Kafka, PostgreSQL and SMTP server: a consumer group's first join or a
// service's start-up takes seconds, so these tiers get a longer per-test limit than unit tests.
jest.setTimeout(90_000);
