export { type AuditEntry, type AuditOutcome, type ChainedRecord, type StoredLink } from './chain/audit-record';
export { canonicalText, GENESIS_HASH, linkHash } from './chain/chain-hash';
export {
  verifyChain,
  type ChainProblem,
  type ChainProblemKind,
  type ChainVerification,
  type VerifyFrom,
} from './chain/verify-chain';
export { AuditRepository, type AppendedLink } from './store/audit.repository';
export { AuditWriter } from './store/audit-writer';
export { AuditModule } from './audit.module';
export { AuditKeys, type SubjectKind } from './keys/audit-keys';
export { checkCheckpoint, signCheckpoint, type Checkpoint } from './checkpoints/checkpoint';
export { AuditVerifier, maxUnsignedEntries, verifyWithCheckpoints, type AuditVerification } from './checkpoints/audit-verifier';
export { Checkpointer } from './checkpoints/checkpointer';
export { AuditPartitions, type ArchiveResult, type PartitionInfo } from './store/audit-partitions';
export { AuditAlerts, type Alert, type AlertRule } from './http/audit-alerts';
