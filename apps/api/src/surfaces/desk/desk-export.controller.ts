import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { TicketExport } from '@mm/webhooks';
import { DeskValidationErrorDto } from './dto/desk-errors.dto';
import { ExportTicketsPageDto, ExportTicketsQuery } from './dto/export.dto';
import { DeskIntegrationAccess, DeskTag } from './desk-access';
import { DeskTicketResponder } from './desk-ticket-responder';

/** The ticket export for integrators (SPEC 7.6). */
@DeskTag()
@Controller('api/desk/export')
export class DeskExportController {
  constructor(
    private readonly exporter: TicketExport,
    private readonly responder: DeskTicketResponder,
  ) {}

  @Get('tickets')
  @DeskIntegrationAccess('export_tickets')
  @ApiOperation({
    summary: 'Export desk tickets in the order they last changed',
    description:
      'Following `nextCursor` from the start yields every ticket\'s latest state at least once, none skipped under concurrent writes (a ticket changed again comes again). `endOfStream: true`: nothing more is ready now; keep `nextCursor` to resume later.',
  })
  @ApiOkResponse({ type: ExportTicketsPageDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto })
  async tickets(@Query() query: ExportTicketsQuery): Promise<ExportTicketsPageDto> {
    const page = await this.exporter.page({ cursor: query.cursor, since: query.since ? new Date(query.since) : undefined, limit: query.limit ?? 100 });
    return { data: await this.responder.presentAll(page.tickets), nextCursor: page.nextCursor, endOfStream: page.endOfStream };
  }
}
