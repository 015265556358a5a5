export * from './server.js';
export * from './security.js';
