export * from './clock-rules';
export * from './sla-clocks.service';
export * from './sla-config.service';
export * from './sla-timers.service';
export * from './sla-validation';
export * from './sla.entities';
export * from './sla.module';
export * from './working-time';
