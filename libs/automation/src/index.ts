export * from './automation-actions';
export * from './automation-rules';
export * from './automation-vocabulary';
export * from './automation-runner.service';
export * from './automation.entities';
export * from './automation.module';
export * from './automations.service';
