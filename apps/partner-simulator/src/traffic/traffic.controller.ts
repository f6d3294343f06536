import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';

import { TrafficRun, TrafficService } from './traffic.service';

const TRAFFIC_REQUEST = z
  .object({
    seed: z.number().int().default(1),
    rate: z.number().positive().max(100_000).default(5),
    count: z.number().int().positive().max(10_000_000),
    runId: z.string().min(1).max(200).optional(),
    startDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    badShare: z.number().min(0).max(1).optional(),
  })
  .strict();

/** Test and demo control of the simulated traffic. */
@Controller('traffic')
export class TrafficController {
  constructor(private readonly traffic: TrafficService) {}

  /** Starts a run: {"seed": 7, "rate": 5, "count": 300} (optional runId, startDate, badShare). */
  @Post()
  @HttpCode(202)
  start(@Body() body: unknown): { run: TrafficRun } {
    const parsed = TRAFFIC_REQUEST.safeParse(body ?? {});
    if (!parsed.success) {
      throw new BadRequestException(
        `body must be {"seed": int, "rate": messages/s, "count": int, "runId"?: string, "startDate"?: "YYYY-MM-DD", "badShare"?: 0..1}: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.') || '(body)'} ${issue.message}`)
          .join('; ')}`,
      );
    }
    return { run: this.traffic.start(parsed.data) };
  }

  @Get()
  status(): { run: TrafficRun | null } {
    return { run: this.traffic.status() ?? null };
  }

  @Delete()
  stop(): { run: TrafficRun | null } {
    return { run: this.traffic.stop() ?? null };
  }
}
