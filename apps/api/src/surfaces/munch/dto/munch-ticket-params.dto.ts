import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_ID } from '@mm/ticket';
import { PathInteger } from '../../../platform/common/entity-id.pipe';

export class MunchTicketParams {
  @ApiProperty({ example: 42, type: 'integer', description: 'Ticket ID' })
  @PathInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  ticketId: number;
}
