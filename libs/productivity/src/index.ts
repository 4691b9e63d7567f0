export * from './bulk.service';
export * from './macros.service';
export * from './merge.service';
export * from './productivity-validation';
export * from './productivity.entities';
export * from './productivity.module';
export * from './ticket-actions';
export * from './views.service';
