import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorRendererRegistry } from '@mm/core';
import { ReferenceDataService } from '@mm/ticket';
import { defaultFormatErrorRenderer } from '../auth/default-format.errors';
import { IntegrationsController } from './integrations.controller';

/** /api/integrations: reference data from the other MM services (SPEC section 5). */
@Module({
  controllers: [IntegrationsController],
  providers: [ReferenceDataService],
})
export class IntegrationsModule implements OnModuleInit {
  constructor(private readonly renderers: ErrorRendererRegistry) {}

  onModuleInit(): void {
    this.renderers.register(['/api/integrations'], defaultFormatErrorRenderer);
  }
}
