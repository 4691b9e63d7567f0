export * from './conversation.service';
export * from './messaging.module';
export * from './read-state';
export * from './send-message.service';
export * from './ticket-message.entity';
