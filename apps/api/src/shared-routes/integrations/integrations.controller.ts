import { applyDecorators, Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AccountsService } from '@mm/auth';
import { ReferenceDataService } from '@mm/ticket';
import { IdParam, PutBookingDto, PutCustomerDto, PutOrderDto, PutRideDto } from './dto/integration-requests.dto';
import { IntegrationBookingDto, IntegrationCustomerDto, IntegrationOrderDto, IntegrationRideDto } from './dto/integration-responses.dto';
import { integrationBooking, integrationCustomer, integrationOrder, integrationRide } from './integrations.presenter';

const CUSTOMER_NOT_FOUND = () => ApiNotFoundResponse({ description: 'The customer (or a passenger) is not known here', schema: { example: { error: 'Customer not found' } } });
const INVALID = (field: string, message: string) =>
  ApiBadRequestResponse({ description: 'A field is invalid', schema: { example: { error: 'Validation failed', errors: { [field]: [message] } } } });
const UPSERT = (summary: string) =>
  applyDecorators(ApiOperation({ summary, description: 'Idempotent: the same body again answers the same object and changes nothing. Optional fields left out are stored as null.' }));

/**
 * SPEC section 5: the MM services push the customers, rides, orders and
 * bookings that tickets point at. Admins and service tokens only
 * (`npm run cli -- service-token --name munch`).
 */
@ApiTags('integrations')
@Access({ roles: ['admin', 'service'], permissions: ['manage_reference_data'] })
@Controller('api/integrations')
export class IntegrationsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly references: ReferenceDataService,
  ) {}

  @Put('customers/:id')
  @UPSERT('Create or replace a customer under its MM id')
  @ApiOkResponse({ type: IntegrationCustomerDto })
  @INVALID('email', 'A user with this email already exists.')
  async putCustomer(@Param() { id }: IdParam, @Body() body: PutCustomerDto): Promise<IntegrationCustomerDto> {
    return integrationCustomer(await this.accounts.upsertCustomer(id, body));
  }

  @Put('rides/:id')
  @UPSERT('Create or replace a ride (mtxi)')
  @ApiOkResponse({ type: IntegrationRideDto })
  @INVALID('passengerIds', 'each value in passengerIds must be an integer')
  @CUSTOMER_NOT_FOUND()
  async putRide(@Param() { id }: IdParam, @Body() body: PutRideDto): Promise<IntegrationRideDto> {
    return integrationRide(await this.references.upsertRide(id, body));
  }

  @Put('orders/:id')
  @UPSERT('Create or replace an order (munch, mtables in-dining, shop)')
  @ApiOkResponse({ type: IntegrationOrderDto })
  @INVALID('vertical', 'vertical must be one of: munch, mtables, shop')
  @CUSTOMER_NOT_FOUND()
  async putOrder(@Param() { id }: IdParam, @Body() body: PutOrderDto): Promise<IntegrationOrderDto> {
    return integrationOrder(await this.references.upsertOrder(id, body));
  }

  @Put('bookings/:id')
  @UPSERT('Create or replace a booking or event service (mtables)')
  @ApiOkResponse({ type: IntegrationBookingDto })
  @INVALID('startsAt', 'startsAt must be an ISO 8601 date-time')
  @CUSTOMER_NOT_FOUND()
  async putBooking(@Param() { id }: IdParam, @Body() body: PutBookingDto): Promise<IntegrationBookingDto> {
    return integrationBooking(await this.references.upsertBooking(id, body));
  }
}
