import { ApiProperty } from '@nestjs/swagger';
import { ORDER_STATUSES, ORDER_VERTICALS } from '@mm/ticket';

const TIME = '2026-01-09T10:30:00.000Z';

export class IntegrationCustomerDto {
  @ApiProperty({ example: 1001 }) id: number;
  @ApiProperty({ example: 'Alice Martin' }) name: string;
  @ApiProperty({ example: 'alice@example.com' }) email: string;
  @ApiProperty({ example: '+33 6 12 34 56 78', nullable: true, type: String }) phone: string | null;
  @ApiProperty({ example: 'fr' }) locale: string;
  @ApiProperty({ example: TIME }) createdAt: string;
  @ApiProperty({ example: TIME }) updatedAt: string;
}

export class IntegrationRideDto {
  @ApiProperty({ example: 5001 }) id: number;
  @ApiProperty({ example: 1001 }) customerId: number;
  @ApiProperty({ example: '123 Main St' }) pickupLocation: string;
  @ApiProperty({ example: '456 Elm St' }) dropoffLocation: string;
  @ApiProperty({ example: 'completed' }) status: string;
  @ApiProperty({ example: [1002], type: [Number] }) passengerIds: number[];
  @ApiProperty({ example: TIME }) createdAt: string;
  @ApiProperty({ example: TIME }) updatedAt: string;
}

export class IntegrationOrderDto {
  @ApiProperty({ example: 7001 }) id: number;
  @ApiProperty({ example: 1001 }) customerId: number;
  @ApiProperty({ example: 'ORD-2026-000123' }) orderNumber: string;
  @ApiProperty({ enum: ORDER_VERTICALS, example: 'munch' }) vertical: string;
  @ApiProperty({ enum: ORDER_STATUSES, example: 'delivered' }) status: string;
  @ApiProperty({ example: 2599, nullable: true, type: Number }) totalMinor: number | null;
  @ApiProperty({ example: 'USD', nullable: true, type: String }) currency: string | null;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'Set when cancelled through support' }) cancelledAt: string | null;
  @ApiProperty({ example: TIME }) createdAt: string;
  @ApiProperty({ example: TIME }) updatedAt: string;
}

export class IntegrationBookingDto {
  @ApiProperty({ example: 9001 }) id: number;
  @ApiProperty({ example: 1001 }) customerId: number;
  @ApiProperty({ example: 'BKG-2026-000045' }) bookingNumber: string;
  @ApiProperty({ example: 'confirmed' }) status: string;
  @ApiProperty({ example: 'Chez Marcel', nullable: true, type: String }) venueName: string | null;
  @ApiProperty({ example: '2026-12-24T19:00:00.000Z', nullable: true, type: String }) startsAt: string | null;
  @ApiProperty({ example: TIME }) createdAt: string;
  @ApiProperty({ example: TIME }) updatedAt: string;
}
