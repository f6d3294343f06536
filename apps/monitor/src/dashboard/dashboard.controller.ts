import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { MonitorReference } from '../reference/monitor-reference';
import { renderDashboardPage } from './dashboard-page';

/**
 * The built-in dashboard: one self-contained HTML page (no build step, no external assets) that asks
 * for an API key and shows the KPIs per agreement, overdue deadlines, rejections and live throughput
 * from the API. The page itself holds no data, so it needs no key to load. Its Content-Security-Policy
 * and the other security headers are set for the whole app (security-headers.ts).
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  private readonly html: string;

  constructor(reference: MonitorReference) {
    this.html = renderDashboardPage({
      agreements: Object.fromEntries(
        reference.catalog.agreements.map((agreement) => [
          agreement.id,
          { da: agreement.title.da, en: agreement.title.en },
        ]),
      ),
    });
  }

  @Get('dashboard')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return this.html;
  }
}
