export * from './agent-presence.gateway';
export * from './routing-dispatcher.service';
export * from './routing-rules';
export * from './routing.entities';
export * from './routing.module';
export * from './routing.service';
