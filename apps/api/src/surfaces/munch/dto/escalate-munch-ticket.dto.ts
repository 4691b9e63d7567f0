import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_ID } from '@mm/ticket';

export class EscalateMunchTicketDto {
  @ApiProperty({ example: 42, type: 'integer' })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  ticketId: number;
}
