import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Length, Max, Min } from 'class-validator';
import { MAX_ID } from '@mm/ticket';
import { MUNCH_ISSUE_TYPES } from '../munch.presenter';

export class CreateMunchTicketDto {
  @ApiProperty({ example: 123, type: 'integer', description: 'The munch order the issue is about (yours)' })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  orderId: number;

  @ApiProperty({ example: 'PAYMENT_ISSUE', enum: MUNCH_ISSUE_TYPES, description: 'Type of issue (case-insensitive); anything else is INVALID_ISSUE_TYPE' })
  @IsString()
  @IsNotEmpty()
  issueType: string;

  @ApiProperty({ example: 'I was charged twice for this order.', minLength: 10, maxLength: 1000 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(10, 1000)
  description: string;
}
