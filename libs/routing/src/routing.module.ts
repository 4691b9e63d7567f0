import { Module } from '@nestjs/common';
import { AgentPresenceGateway } from './agent-presence.gateway';
import { RoutingDispatcher } from './routing-dispatcher.service';
import { RoutingService } from './routing.service';

/** Routing (SPEC 7.3): availability, profiles, the mode, and giving waiting tickets to agents. */
@Module({
  providers: [AgentPresenceGateway, RoutingDispatcher, RoutingService],
  exports: [RoutingService, RoutingDispatcher],
})
export class RoutingModule {}
