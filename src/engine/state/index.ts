export * from './format';
export * from './file';
export * from './lock';
export * from './journal';
export * from './writer';
