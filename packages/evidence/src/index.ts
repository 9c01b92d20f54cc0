export * from './report.js'
