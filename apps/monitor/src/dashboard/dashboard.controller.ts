import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { MonitorReference } from '../reference/monitor-reference';
import { type DashboardAssets, readDashboardAssets } from './dashboard-assets';
import { type DashboardNames, dashboardNames } from './dashboard-names';

/**
 * The built-in dashboard: a static page with its script and style sheet (`assets/`, no build step, no
 * external assets) that asks for an API key and shows the KPIs per agreement, overdue deadlines,
 * rejections and live throughput from the API. Neither the page nor the names it shows hold personal
 * data, so they need no key. Only these four fixed paths are served, never a file named by the request.
 * Their Content-Security-Policy and the other security headers are set for the whole app
 * (security-headers.ts): the page may run only the script and style sheet served here.
 */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  private readonly assets: DashboardAssets;
  private readonly shownNames: DashboardNames;

  constructor(reference: MonitorReference) {
    this.assets = readDashboardAssets();
    this.shownNames = dashboardNames(reference.catalog.agreements);
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return this.assets.html;
  }

  @Get('assets/dashboard.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  script(): string {
    return this.assets.script;
  }

  @Get('assets/dashboard.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  styleSheet(): string {
    return this.assets.styleSheet;
  }

  @Get('names.json')
  names(): DashboardNames {
    return this.shownNames;
  }
}
