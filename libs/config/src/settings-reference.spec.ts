import { z } from 'zod';

import { env } from './load-config';
import { settingLines, settingsReference } from './settings-reference';

describe('the configuration reference', () => {
  const shape = {
    SVC_PORT: env.port(3001),
    SVC_REQUIRED_PORT: env.port(),
    SVC_LOG_LEVEL: env.logLevel(),
    SVC_KEYS: env.partnerApiKeys(),
    SVC_CA_FILE: env.kafkaCaFile(),
    SVC_NOTE: z.string().optional(),
    SVC_ANSWERS: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    SVC_INSTANCE: z.string().default(`host-${process.pid}`).describe('the host name and process id'),
    HUB_DATABASE_URL: env.postgresUrl(),
  };

  it('says of each variable whether it is required, optional or has a default, and the words an enumeration accepts', () => {
    expect(settingLines(shape)).toEqual([
      { variable: 'HUB_DATABASE_URL', need: 'required' },
      { variable: 'SVC_ANSWERS', need: 'default `true`', oneOf: ['true', 'false'] },
      { variable: 'SVC_CA_FILE', need: 'optional' },
      { variable: 'SVC_INSTANCE', need: 'default: the host name and process id' },
      { variable: 'SVC_KEYS', need: 'default empty' },
      {
        variable: 'SVC_LOG_LEVEL',
        need: 'default `info`',
        oneOf: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'],
      },
      { variable: 'SVC_NOTE', need: 'optional' },
      { variable: 'SVC_PORT', need: 'default `3001`' },
      { variable: 'SVC_REQUIRED_PORT', need: 'required' },
    ]);
  });

  it('prints one table per service, shared HUB_* variables first', () => {
    const text = settingsReference([{ service: 'svc', shape, note: 'A test service.' }]);
    expect(text).toContain('## svc\n\nA test service.\n\n| variable | needed |');
    expect(text.indexOf('`HUB_DATABASE_URL` | required')).toBeLessThan(text.indexOf('`SVC_ANSWERS`'));
    expect(text).toContain(
      '| `SVC_LOG_LEVEL` | default `info`; one of `fatal`, `error`, `warn`, `info`, `debug`, `trace` |',
    );
  });
});
