import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_ID } from '@mm/ticket';

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
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  ticketId: number;
}
