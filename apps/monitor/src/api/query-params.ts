import { BadRequestException } from '@nestjs/common';
import { isIsoDate } from '@hub/agreements';

import { PartyKey, parseParty } from './api-keys';

/** Query-string checks with messages an API user understands; each returns undefined when absent. */
export const params = {
  limit(value: string | undefined, fallback: number, max: number): number {
    if (value === undefined || value === '') return fallback;
    const limit = Number(value);
    if (!Number.isInteger(limit) || limit < 1 || limit > max) {
      throw new BadRequestException(`limit must be a whole number from 1 to ${max}`);
    }
    return limit;
  },
  offset(value: string | undefined): number {
    if (value === undefined || value === '') return 0;
    const offset = Number(value);
    if (!Number.isInteger(offset) || offset < 0)
      throw new BadRequestException('offset must be a whole number ≥ 0');
    return offset;
  },
  date(name: string, value: string | undefined): string | undefined {
    if (value === undefined || value === '') return undefined;
    if (!isIsoDate(value)) throw new BadRequestException(`${name} must be a date YYYY-MM-DD`);
    return value;
  },
  month(name: string, value: string | undefined): string | undefined {
    if (value === undefined || value === '') return undefined;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
      throw new BadRequestException(`${name} must be a month YYYY-MM`);
    return value;
  },
  party(name: string, value: string | undefined): PartyKey | undefined {
    if (value === undefined || value === '') return undefined;
    const party = parseParty(value);
    if (!party) throw new BadRequestException(`${name} must be <kind>:<id>, e.g. akasse:3F or jobcenter:707`);
    return party;
  },
  text(value: string | undefined): string | undefined {
    return value === undefined || value === '' ? undefined : value;
  },
  oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
    if (value === undefined || value === '') return undefined;
    const found = allowed.find((candidate) => candidate === value);
    if (!found) throw new BadRequestException(`${name} must be one of ${allowed.join(', ')}`);
    return found;
  },
  uuid(name: string, value: string): string {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) {
      throw new BadRequestException(`${name} must be a UUID`);
    }
    return value;
  },
};
