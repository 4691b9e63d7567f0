export * from './sla-validation';
export * from './working-time';
export * from './sla.entities';
