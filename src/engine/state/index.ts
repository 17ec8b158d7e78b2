export * from './format';
export * from './file';
export * from './lock';
