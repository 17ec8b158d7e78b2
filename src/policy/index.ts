export * from './rule';
export * from './directory';
export * from './rules';
export * from './suppressions';
export * from './report';
export { PolicyEvaluation, POLICY_REPORT_FILE, POLICY_METADATA_KEY } from './evaluation';
export * from './pack';
export * from './policy';
export * from './packs/wecom-baseline';
