export { MacroModule, MACRO_DEFINITIONS } from './macro.module';
export { MACRO_INDICATORS, INDICATOR_TOPICS } from './registry/indicators.definition';
export { MACRO_OBSERVATIONS, COMPARATORS, OBSERVATION_STATUSES, VALUE_TYPES } from './registry/observations.definition';
