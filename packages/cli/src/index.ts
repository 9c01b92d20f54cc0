export { main, runCli, COMMANDS } from './main.js'
