// Package root: re-exports only.
export * from './constructs';
export * from './schema';
export * from './policy';
export * from '../generated';
