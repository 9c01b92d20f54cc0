export * from './config.js'
export * from './create-router.js'
export * from './main.js'
