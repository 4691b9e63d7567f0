import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_ID, SERVICE_TYPES } from '@mm/ticket';
import { MTXI_ISSUE_TYPES } from '../mtxi.presenter';

export const MAX_GROUP_MEMBERS = 20;

const id = (description: string) => ({ example: 1, type: 'integer', nullable: true, description }) as const;

export class CreateMtxiTicketDto {
  @ApiProperty({
    example: 'ride',
    enum: SERVICE_TYPES,
    description: 'Decides the reference: ride → rideId, order → orderId (munch), booking / event_service → bookingId, in_dining_order → orderId (mtables)',
  })
  @IsString()
  @IsNotEmpty()
  serviceType: string;

  @ApiProperty({ example: 'PAYMENT_ISSUE', enum: MTXI_ISSUE_TYPES, description: 'Case-insensitive' })
  @IsString()
  @IsNotEmpty()
  issueType: string;

  @ApiProperty({ example: 'Payment was charged twice', minLength: 1, maxLength: 2000 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 2000)
  description: string;

  @ApiPropertyOptional(id('Ride ID (serviceType ride): yours, or one you were a passenger on'))
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  rideId?: number | null;

  @ApiPropertyOptional(id('Order ID (serviceType order or in_dining_order)'))
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  orderId?: number | null;

  @ApiPropertyOptional(id('Booking ID (serviceType booking or event_service)'))
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  bookingId?: number | null;

  @ApiPropertyOptional({
    example: [2, 3],
    type: 'integer',
    isArray: true,
    maxItems: MAX_GROUP_MEMBERS,
    description: 'Other customers concerned (group issues): they may read the ticket and receive its events. For a ride that lists passengers, only people on that ride.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_GROUP_MEMBERS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  groupCustomerIds?: number[] | null;
}
