export * from './config.js'
export * from './create-router.js'
export * from './load.js'
export * from './main.js'
