import { Controller, Get, Header } from '@nestjs/common';

import { PartnerInboxes } from '../endpoints/partner-inboxes';
import { TrafficService } from '../traffic/traffic.service';
import { renderDashboard } from './dashboard-page';

/** GET /: the page a person watches during the demo. */
@Controller()
export class DashboardController {
  constructor(
    private readonly inboxes: PartnerInboxes,
    private readonly traffic: TrafficService,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    const partners = this.inboxes.summary().map(({ partner }) => ({
      partner,
      received: this.inboxes.list(partner),
      answers: this.inboxes.answersOf(partner),
      down: this.inboxes.isDown(partner),
    }));
    return renderDashboard(partners, this.traffic.status(), new Date());
  }
}
