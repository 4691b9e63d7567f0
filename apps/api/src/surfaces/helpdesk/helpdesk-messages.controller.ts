import { Controller, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError, DomainErrorCode, RequestContext } from '@mm/core';
import { Access, Ctx } from '@mm/auth';
import { ConversationService } from '@mm/messaging';
import { MessageIdPipe } from '../../platform/common/entity-id.pipe';
import { HelpdeskOkResponseDto } from './dto/helpdesk-responses.dto';
import { HelpdeskErrorResponses } from './helpdesk.errors';

const UNAUTHORIZED_ACCESS = 'Unauthorized access';

/** Seed 003: read receipts of single messages. */
@ApiTags('helpdesk')
@Controller('api/support-messages')
export class HelpdeskMessagesController {
  constructor(private readonly conversation: ConversationService) {}

  @Put(':message/read')
  @Access({ roles: ['customer', 'agent', 'admin'], permissions: ['view_support_ticket'] })
  @ApiOperation({
    summary: 'Mark a message as read',
    description:
      'A message of the other side in a ticket you can see (a message of your own side stays as it is: read state belongs to its recipient). Socket event `support:message_read`.',
  })
  @ApiParam({ name: 'message', type: 'integer', description: 'Message ID' })
  @ApiOkResponse({ type: HelpdeskOkResponseDto })
  @HelpdeskErrorResponses([401, 403, 404, 429], { 403: UNAUTHORIZED_ACCESS, 404: 'Message not found' })
  async markRead(@Ctx() ctx: RequestContext, @Param('message', MessageIdPipe) messageId: number): Promise<HelpdeskOkResponseDto> {
    await this.conversation.markOne(ctx, messageId).catch((error: unknown) => {
      // The message exists (else MessageNotFound), so its ticket is hidden, not missing: seed 003's 403.
      if (error instanceof DomainError && error.code === DomainErrorCode.TicketNotFound) throw new DomainError(DomainErrorCode.PermissionDenied, UNAUTHORIZED_ACCESS);
      throw error;
    });
    return { success: true, message: 'Message marked as read' };
  }
}
