import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { SUPPORTED_LOCALES, type Locale } from '@mm/auth';
import { MAX_ID, ORDER_STATUSES, ORDER_VERTICALS, type OrderStatus, type OrderVertical } from '@mm/ticket';
import { PathInteger } from '../../../platform/common/entity-id.pipe';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const Id = () => (target: object, key: string) => {
  IsInt({ message: `${key} must be an integer` })(target, key);
  Min(1, { message: `${key} must be between 1 and ${MAX_ID}` })(target, key);
  Max(MAX_ID, { message: `${key} must be between 1 and ${MAX_ID}` })(target, key);
};
const Text = (max: number) => (target: object, key: string) => {
  Transform(trim)(target, key);
  IsString()(target, key);
  IsNotEmpty()(target, key);
  MaxLength(max)(target, key);
};

/** The owner's id in the path: an integer from 1 to 2147483647. */
export class IdParam {
  @ApiProperty({ example: 1001 })
  @PathInteger()
  @Id()
  id: number;
}

export class PutCustomerDto {
  @ApiProperty({ example: 'Alice Martin', maxLength: 100 })
  @Text(100)
  name: string;

  @ApiProperty({ example: 'alice@example.com', description: 'Unique among all users, case-insensitive' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '+33 6 12 34 56 78', nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/^\+?[0-9][0-9 ().-]{3,24}$/, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES, default: 'en', nullable: true })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES, { message: `locale must be one of: ${SUPPORTED_LOCALES.join(', ')}` })
  locale?: Locale | null;
}

export class PutRideDto {
  @ApiProperty({ example: 1001, description: 'An existing customer (PUT /api/integrations/customers/{id} first)' })
  @Id()
  customerId: number;

  @ApiProperty({ example: '123 Main St', maxLength: 500 })
  @Text(500)
  pickupLocation: string;

  @ApiProperty({ example: '456 Elm St', maxLength: 500 })
  @Text(500)
  dropoffLocation: string;

  @ApiProperty({ example: 'completed', maxLength: 32, description: "The rides service's own status" })
  @Text(32)
  status: string;

  @ApiPropertyOptional({ example: [1002], type: [Number], description: 'Existing customers who rode along; they may open tickets about the ride too' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true, message: 'each value in passengerIds must be an integer' })
  @Min(1, { each: true, message: `each value in passengerIds must be between 1 and ${MAX_ID}` })
  @Max(MAX_ID, { each: true, message: `each value in passengerIds must be between 1 and ${MAX_ID}` })
  passengerIds?: number[] | null;
}

export class PutOrderDto {
  @ApiProperty({ example: 1001 })
  @Id()
  customerId: number;

  @ApiProperty({ example: 'ORD-2026-000123', maxLength: 64 })
  @Text(64)
  orderNumber: string;

  @ApiProperty({ enum: ORDER_VERTICALS, example: 'munch' })
  @IsIn(ORDER_VERTICALS, { message: `vertical must be one of: ${ORDER_VERTICALS.join(', ')}` })
  vertical: OrderVertical;

  @ApiProperty({ enum: ORDER_STATUSES, example: 'delivered' })
  @IsIn(ORDER_STATUSES, { message: `status must be one of: ${ORDER_STATUSES.join(', ')}` })
  status: OrderStatus;

  @ApiPropertyOptional({ example: 2599, nullable: true, type: Number, description: 'Total in integer minor units (cents)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  totalMinor?: number | null;

  @ApiPropertyOptional({ example: 'USD', nullable: true, type: String, description: 'ISO 4217 code' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string | null;
}

export class PutBookingDto {
  @ApiProperty({ example: 1001 })
  @Id()
  customerId: number;

  @ApiProperty({ example: 'BKG-2026-000045', maxLength: 64 })
  @Text(64)
  bookingNumber: string;

  @ApiProperty({ example: 'confirmed', maxLength: 32, description: "The bookings service's own status" })
  @Text(32)
  status: string;

  @ApiPropertyOptional({ example: 'Chez Marcel', nullable: true, type: String, maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  venueName?: string | null;

  @ApiPropertyOptional({ example: '2026-12-24T19:00:00Z', nullable: true, type: String, format: 'date-time' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : value))
  @IsDate({ message: 'startsAt must be an ISO 8601 date-time' })
  startsAt?: Date | null;
}
