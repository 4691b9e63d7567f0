import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_ID } from '@mm/ticket';

export class MunchTicketParams {
  @ApiProperty({ example: 42, type: 'integer', description: 'Ticket ID' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  ticketId: number;
}
