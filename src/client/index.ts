// The WeCom server API client. See docs/client.md.
export * from './errors';
export * from './options';
export * from './client';
export { RateLimiter, SlidingWindow } from './rate-limit';
export type { QuotaReport, QuotaUsage, RateLimiterOptions } from './rate-limit';
export { TokenCache, defaultTokenCache } from './token';
export type { TokenEntry } from './token';
export { Redactor, fingerprint, stripQueryStrings } from './redact';
export { backoffDelay, classify } from './retry';
export type { FailureKind } from './retry';
export type { ClientStats, CallResult } from './caller';
export type { AppChatCreateResult } from './endpoints/appchat';
export { robotImage } from './endpoints/webhook';
export type { TagMembersResult, TagDetail, TagSummary } from './endpoints/tags';
export type { GroupChatSummary, TransferFailure } from './endpoints/customer-groups';
export type { DepartmentRef, SimpleUser, DeptUser } from './endpoints/directory';
export type { InterceptRuleSummary } from './endpoints/intercept-rules';
