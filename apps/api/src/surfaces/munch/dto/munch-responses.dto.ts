import { ApiProperty } from '@nestjs/swagger';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@mm/ticket';
import { MUNCH_ISSUE_TYPES } from '../munch.presenter';

export class MunchTicketRefDto {
  @ApiProperty({ example: 42 })
  ticketId: number;

  @ApiProperty({ example: 'TKT-123456-ABCDEF' })
  ticketNumber: string;

  @ApiProperty({ example: 'open', enum: TICKET_STATUSES })
  status: string;
}

export class MunchTicketStatusDto extends MunchTicketRefDto {
  @ApiProperty({ example: 'medium', enum: TICKET_PRIORITIES })
  priority: string;

  @ApiProperty({ example: 'PAYMENT_ISSUE', enum: MUNCH_ISSUE_TYPES })
  issueType: string;

  @ApiProperty({ example: 123, nullable: true, type: Number })
  orderId: number | null;

  @ApiProperty({ example: 'ORD-2026-000123', nullable: true, type: String })
  orderNumber: string | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'How support resolved it, once resolved' })
  resolutionDetails: string | null;

  @ApiProperty({ example: '2026-01-22T10:30:00.000Z' })
  createdAt: string;
}

export class MunchTicketRefResponseDto {
  @ApiProperty({ example: 'success' })
  status: 'success';

  @ApiProperty({ type: MunchTicketRefDto })
  data: MunchTicketRefDto;
}

export class MunchTicketStatusResponseDto {
  @ApiProperty({ example: 'success' })
  status: 'success';

  @ApiProperty({ type: MunchTicketStatusDto })
  data: MunchTicketStatusDto;
}
