import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Ctx } from '@mm/auth';
import { AuditLog, DEFAULT_PAGE_LIMIT, RequestContext } from '@mm/core';
import { AuditEntryPageDto } from './dto/audit-entry.response';
import { CursorPageQuery } from './dto/cursor-page.query';
import { DeskValidationErrorDto } from './dto/desk-errors.dto';
import { DeskAdminAccess, DeskTag } from './desk-access';
import { presentAuditEntry, presentPage } from './desk.presenter';

/** Every configuration change (SPEC section 7): who, when, what, before and after; newest first. */
@DeskTag()
@Controller('api/desk/audit-log')
export class DeskAuditLogController {
  constructor(private readonly auditLog: AuditLog) {}

  @Get()
  @DeskAdminAccess()
  @ApiOperation({ summary: 'The audit log of configuration changes, newest first', description: 'Admins. Each entry is written in the same transaction as the change it records.' })
  @ApiOkResponse({ type: AuditEntryPageDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto })
  async list(@Ctx() ctx: RequestContext, @Query() query: CursorPageQuery): Promise<AuditEntryPageDto> {
    const page = await this.auditLog.list(ctx, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor });
    return presentPage(page, presentAuditEntry);
  }
}
