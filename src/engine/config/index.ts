export * from './expressions';
export * from './stack';
export * from './graph';
