export {
  AppConfig,
  type AuditConfig,
  type AuthConfig,
  type CatalogConfig,
  type ExchangeConfig,
  type DatabaseConfig,
  type HttpConfig,
  type KafkaConfig,
  KafkaSaslCredentials,
} from './config/app-config';
export { ConfigError } from './config/config-error';
export {
  EnvironmentVariables,
  KAFKA_SASL_MECHANISMS,
  LOG_LEVELS,
  SIGNING_ALGORITHMS,
  type KafkaSaslMechanism,
  type LogLevel,
  type NodeEnv,
  type SigningAlgorithm,
} from './config/environment';
export { environmentVariableNames, loadAppConfig } from './config/load-config';
export {
  CALLER_ATTRIBUTE,
  RequestContext,
  newRequestContext,
  type CallerSummary,
  type RequestContextStore,
} from './context/request-context';
export {
  Problem,
  PROBLEM_CONTENT_TYPE,
  problemType,
  type FieldViolation,
  type ProblemDetails,
  type ProblemInit,
} from './errors/problem';
export { registerProblemTypes, type ProblemTypeDescription } from './errors/problem-catalog';
export { ProblemFilter, toProblem } from './errors/problem.filter';
export { notFound, platformProblem, validationProblem, PLATFORM_PROBLEMS, type PlatformProblemSlug } from './errors/problems';
export { createValidationPipe, flattenValidationErrors } from './errors/validation';
export { HealthRegistry, type CheckResult, type ReadinessCheck, type ReadinessReport } from './health/health.registry';
export {
  Access,
  ACCESS_METADATA,
  requiredScopes,
  type AccessRule,
  type PrincipalKind,
  type ScopeRequirement,
} from './http/access.decorator';
export { AUDIT_ACTION_METADATA, Audited } from './http/audited.decorator';
export { ResponseGates, type ResponseGate } from './http/response-gates';
export { AuditTrail, type AuditDetails } from './context/audit-details';
export { Consumes, CONSUMES_METADATA } from './http/consumes.decorator';
export { DEFAULT_INPUT_LIMITS, InputLimits, InputShapeGuard } from './http/input-shape.guard';
export { BULK_MEDIA_TYPES, createFastifyAdapter } from './http/fastify-adapter';
export { negotiate } from './http/media-negotiation';
export { REQUEST_ID_HEADER } from './http/request-id';
export { createLogger, LOGGER, type Logger, type LoggerOptions } from './logging/logger';
export { maskIdentifiers } from './logging/mask-identifiers';
export { PinoNestLogger } from './logging/nest-logger';
export { MetricsRegistry } from './metrics/metrics.registry';
export { PlatformModule, type PlatformDependencies } from './platform.module';
export { containsPattern, normalizeSearchText, searchBigrams } from './text/search-text';
export { hasNonXmlCharacter, hasUnstorableText } from './text/storable-text';
export { etagOf, parseIfMatch } from './http/if-match';
