import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { RequestValidationError } from '@mm/core';
import { ReportFilters, ReportsService } from '@mm/reporting';
import { DeskValidationErrorDto } from './dto/desk-errors.dto';
import { AgentsReportDto, ReportFilterQuery, ReportPeriodQuery, SummaryReportDto, TimeseriesQuery, TimeseriesReportDto } from './dto/reports.dto';
import { DeskAccess, DeskTag } from './desk-access';

const DAY_MS = 86_400_000;
const MAX_PERIOD_DAYS = 366;

/** The period and filters of a report request, checked: `from` before `to`, at most a year apart. */
function reportFilters(query: ReportFilterQuery): ReportFilters {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from >= to) throw new RequestValidationError({ from: ['from must be before to'] });
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) throw new RequestValidationError({ to: [`to must be at most ${MAX_PERIOD_DAYS} days after from`] });
  return { from, to, origin: query.origin, category: query.category, agentId: query.agentId };
}

/** Reports (SPEC 7.7): what came in, how fast it was answered and resolved, SLAs, satisfaction, who did what. */
@DeskTag()
@Controller('api/desk/reports')
export class DeskReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('summary')
  @DeskAccess('view_reports')
  @ApiOperation({ summary: 'Totals of a period: created, resolved, reopened, backlog, reply and resolution times, SLA attainment, CSAT' })
  @ApiOkResponse({ type: SummaryReportDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto })
  summary(@Query() query: ReportFilterQuery): Promise<SummaryReportDto> {
    return this.reports.summary(reportFilters(query));
  }

  @Get('timeseries')
  @DeskAccess('view_reports')
  @ApiOperation({ summary: 'One metric per day or week of a period' })
  @ApiOkResponse({ type: TimeseriesReportDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto })
  async timeseries(@Query() query: TimeseriesQuery): Promise<TimeseriesReportDto> {
    return { points: await this.reports.timeseries(query.metric, query.interval ?? 'day', reportFilters(query)) };
  }

  @Get('agents')
  @DeskAccess('view_reports')
  @ApiOperation({ summary: 'Per agent: tickets assigned and resolved, median first reply, CSAT' })
  @ApiOkResponse({ type: AgentsReportDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto })
  async agents(@Query() query: ReportPeriodQuery): Promise<AgentsReportDto> {
    return { agents: await this.reports.agents(reportFilters(query)) };
  }
}
