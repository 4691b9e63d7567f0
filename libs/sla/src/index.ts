export * from './sla-validation';
export * from './working-time';
