import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_ID } from '@mm/ticket';
import { PathInteger } from '../../../platform/common/entity-id.pipe';

/** `{ "ticketId": 1 }` of escalate and close. */
export class MtxiTicketIdDto {
  @ApiProperty({ example: 1, type: 'integer' })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  ticketId: number;
}

export class MtxiTicketParams {
  @ApiProperty({ example: 1, type: 'integer', description: 'Ticket ID' })
  @PathInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  ticketId: number;
}
