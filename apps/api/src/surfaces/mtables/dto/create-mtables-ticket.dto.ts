import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_ID, VERTICAL_ISSUE_TYPES } from '@mm/ticket';
import { PathInteger } from '../../../platform/common/entity-id.pipe';

export class CreateMtablesTicketDto {
  @ApiPropertyOptional({ example: 55, type: 'integer', nullable: true, description: 'Booking ID (yours)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  bookingId?: number | null;

  @ApiPropertyOptional({ example: 77, type: 'integer', nullable: true, description: 'Order ID: one of your mtables (in-dining) orders' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  orderId?: number | null;

  @ApiProperty({ example: 'payment_issue', enum: VERTICAL_ISSUE_TYPES })
  @IsString()
  @IsNotEmpty()
  issueType: string;

  @ApiProperty({ example: 'The bill charged a dish we never received', minLength: 1, maxLength: 2000 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 2000)
  description: string;
}

export class MtablesTicketParams {
  @ApiProperty({ example: 123, type: 'integer', description: 'Ticket ID' })
  @PathInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  ticketId: number;
}
