import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { TicketOrigin } from '@mm/core';
import { TIMESERIES_INTERVALS, TIMESERIES_METRICS, TimeseriesInterval, TimeseriesMetric } from '@mm/reporting';
import { MAX_ID, TICKET_CATEGORIES, TICKET_ORIGINS, TicketCategory } from '@mm/ticket';

const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

/** The period of a report: `from` (inclusive) to `to` (exclusive); by default the 30 days up to now. */
export class ReportPeriodQuery {
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Start, inclusive (ISO 8601); default 30 days before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'End, exclusive (ISO 8601); default now. At most 366 days after `from`' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: TICKET_ORIGINS, example: 'munch' })
  @IsOptional()
  @IsIn(TICKET_ORIGINS)
  origin?: TicketOrigin;

  @ApiPropertyOptional({ enum: TICKET_CATEGORIES, example: 'payment_issue' })
  @IsOptional()
  @IsIn(TICKET_CATEGORIES)
  category?: TicketCategory;
}

export class ReportFilterQuery extends ReportPeriodQuery {
  @ApiPropertyOptional({ example: 7, description: 'Only tickets assigned to this agent' })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  agentId?: number;
}

export class TimeseriesQuery extends ReportFilterQuery {
  @ApiProperty({ enum: TIMESERIES_METRICS, example: 'created', description: '`backlog`: unresolved tickets at the end of each interval; `first_reply`: median minutes; `csat`: average rating' })
  @IsIn(TIMESERIES_METRICS)
  metric: TimeseriesMetric;

  @ApiPropertyOptional({ enum: TIMESERIES_INTERVALS, default: 'day', description: 'UTC days, or ISO weeks starting on Monday' })
  @IsOptional()
  @IsIn(TIMESERIES_INTERVALS)
  interval?: TimeseriesInterval;
}

export class MinutesSpreadDto {
  @ApiProperty({ type: Number, nullable: true, example: 42.5, description: 'Working minutes when a policy applied, else wall-clock minutes; null without data' })
  median: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 180 })
  p90: number | null;
}

export class CsatDto {
  @ApiProperty({ type: Number, nullable: true, example: 4.4, description: 'Average rating (1-5); null without ratings' })
  average: number | null;

  @ApiProperty({ example: 12 })
  count: number;
}

export class SummaryReportDto {
  @ApiProperty({ example: 120, description: 'Tickets created in the period' })
  created: number;

  @ApiProperty({ example: 98, description: 'Tickets whose (last) resolution falls in the period' })
  resolved: number;

  @ApiProperty({ example: 3, description: 'Times a resolved or closed ticket was reopened in the period' })
  reopened: number;

  @ApiProperty({ example: 40, description: 'Tickets unresolved at `to`' })
  backlog: number;

  @ApiProperty({ type: MinutesSpreadDto, description: 'Of the tickets created in the period' })
  firstReplyMinutes: MinutesSpreadDto;

  @ApiProperty({ type: MinutesSpreadDto, description: 'Of the tickets resolved in the period' })
  resolutionMinutes: MinutesSpreadDto;

  @ApiProperty({ type: Number, nullable: true, example: 0.93, description: 'Share (0..1) of decided SLA targets (first reply, resolution) of the period\'s tickets that were met; null when none was decided' })
  slaAttainment: number | null;

  @ApiProperty({ type: CsatDto })
  csat: CsatDto;
}

export class TimeseriesPointDto {
  @ApiProperty({ example: '2026-11-30T00:00:00.000Z', description: 'Start of the interval (UTC)' })
  at: string;

  @ApiProperty({ type: Number, nullable: true, example: 17, description: 'null: no data in the interval (first_reply, csat)' })
  value: number | null;
}

export class TimeseriesReportDto {
  @ApiProperty({ type: [TimeseriesPointDto] })
  points: TimeseriesPointDto[];
}

export class AgentMedianDto {
  @ApiProperty({ type: Number, nullable: true, example: 25 })
  median: number | null;
}

export class AgentReportRowDto {
  @ApiProperty({ example: 7 })
  agentId: number;

  @ApiProperty({ example: 'John Agent' })
  name: string;

  @ApiProperty({ example: 30, description: 'Tickets created in the period and assigned to them now' })
  assigned: number;

  @ApiProperty({ example: 25, description: 'Their tickets resolved in the period' })
  resolved: number;

  @ApiProperty({ type: AgentMedianDto, description: 'First reply (minutes) of their tickets created in the period' })
  firstReplyMinutes: AgentMedianDto;

  @ApiProperty({ type: CsatDto })
  csat: CsatDto;
}

export class AgentsReportDto {
  @ApiProperty({ type: [AgentReportRowDto] })
  agents: AgentReportRowDto[];
}
