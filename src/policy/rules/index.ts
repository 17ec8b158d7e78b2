export * from './chat-naming';
export * from './owner-department';
export * from './member-ceiling';
export * from './robot-key-from-env';
export * from './intercept-coverage';
export * from './no-mention-all';
export { scanForSecrets, secretKind } from './secret-scan';
export type { SecretHit, EncodedLeaves } from './secret-scan';
