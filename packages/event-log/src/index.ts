export * from './port.js'
export * from './config.js'
export * from './in-process.js'
export * from './create.js'
