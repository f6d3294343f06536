import { Injectable } from '@nestjs/common';

import { danishDate } from './monitor-reference';

/** The monitor's clock: "now", and "today" as a Danish date (deadlines and KPIs count Danish days). */
@Injectable()
export class MonitorClock {
  now(): Date {
    return new Date();
  }

  today(): string {
    return danishDate(this.now());
  }
}
