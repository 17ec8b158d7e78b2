export * from './errcodes';
export * from './limits';
export * from './types';
export * from './endpoints';
